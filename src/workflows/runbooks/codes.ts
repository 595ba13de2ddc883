/**
 * Finding codes of the live checks, an extension of the analyzers' FINDING_CODES. Codes are
 * stable: never renumbered, never reused. Ranges: CX13x OIDC through the hops, CX23x the
 * WebSocket handshake, CX33x live port bindings, CX40x the Envoy cluster, CX6xx the gateway
 * and backend at run time, the edge certificate, and checks that could not run.
 */
import {
  FINDING_CODES, type CodeInfo, type Evidence, type Finding, type Verdict,
} from '../../services/analyze/index.js';

/** Codes the runbooks' live checks emit. */
export const LIVE_CODES = {
  CX130: {
    title: 'Login redirects keep https at every hop',
    explanation: 'The login endpoint, asked through the edge, the gateway and the backend ' +
      'directly (with X-Forwarded-Proto: https), redirects to an https URL each time.',
    fix: 'Nothing to change.',
  },
  CX131: {
    title: 'The login redirect flips to http',
    explanation: 'The Location of the login redirect starts with http:// although the user ' +
      'came over https. The first hop whose answer is http is where the scheme is lost: ' +
      'the gateway when nginx does not pass X-Forwarded-Proto on, the backend when uvicorn ' +
      'does not trust the forwarded header.',
    fix: 'Forward `X-Forwarded-Proto $http_x_forwarded_proto` in nginx and run uvicorn with ' +
      '--proxy-headers --forwarded-allow-ips "*".',
  },
  CX132: {
    title: 'The login endpoint did not redirect',
    explanation: 'The login endpoint answered without a Location header (or not at all), so ' +
      'the scheme the backend believes in cannot be read at this hop.',
    fix: 'Check backend.loginPath in cortex-ops.yaml and that the hop answers at all.',
  },
  CX230: {
    title: 'WebSocket upgrades and plain calls both work through the gateway',
    explanation: 'A WebSocket handshake through the gateway got 101 Switching Protocols, and ' +
      'a plain POST through the same location succeeded.',
    fix: 'Nothing to change.',
  },
  CX231: {
    title: 'The WebSocket handshake is refused through the gateway',
    explanation: 'The gateway did not answer the handshake with 101, so WebSocket channels ' +
      'never open. Usually the Upgrade and Connection headers are not passed on.',
    fix: 'Use `proxy_http_version 1.1`, `proxy_set_header Upgrade $http_upgrade` and ' +
      '`proxy_set_header Connection $connection_upgrade` with the $http_upgrade map.',
  },
  CX232: {
    title: 'A plain POST through the API location fails',
    explanation: 'A normal REST call through the gateway failed or hung. A Connection ' +
      '"upgrade" header sent on every request breaks plain calls this way.',
    fix: 'Send Connection from the $http_upgrade map, never a literal "upgrade".',
  },
  CX330: {
    title: 'The published ports are free or held by the right containers',
    explanation: 'Every host port compose publishes is either free or bound by the ' +
      'container compose means it for.',
    fix: 'Nothing to change.',
  },
  CX331: {
    title: 'A published port is held by another container of this stack',
    explanation: 'A container of this compose project (an orphan of an older release) or of ' +
      'another compose project of the same stack holds the port, so the container meant for ' +
      'it fails with "port is already allocated".',
    fix: 'Stop the other container, then start the one compose means the port for.',
  },
  CX332: {
    title: 'A published port is held by an unrelated container',
    explanation: 'A container that is not part of this stack binds the host port compose ' +
      'publishes, so the stack\'s container cannot start.',
    fix: 'Stop that container or publish the stack on another port (and update the edge).',
  },
  CX333: {
    title: 'A published port is held by a process on the host',
    explanation: 'A process outside Docker listens on the host port compose publishes, so ' +
      'Docker cannot bind it.',
    fix: 'Stop the process, or publish the stack on another port (and update the edge).',
  },
  CX334: {
    title: 'The gateway container is not running',
    explanation: 'The gateway container exists but is not running, so the edge reaches ' +
      'nothing on the gateway port.',
    fix: 'Start it (`docker start ai_unified_frontend`) after fixing what stopped it.',
  },
  CX401: {
    title: 'The Envoy cluster, compose and Envoy agree on the gateway port',
    explanation: 'The control plane\'s cluster, the port compose publishes for the gateway ' +
      'and the endpoint Envoy\'s admin API reports are the same port.',
    fix: 'Nothing to change.',
  },
  CX402: {
    title: 'The control plane\'s cluster points at the wrong port',
    explanation: 'The endpoint in the control plane\'s cluster definition is not the port ' +
      'compose publishes for the gateway, so the edge answers 503 or reaches the wrong ' +
      'service.',
    fix: 'POST the corrected cluster to /add-cluster (the guided fix does this with a ' +
      'backup and verifies it).',
  },
  CX403: {
    title: 'Envoy routes somewhere other than the control plane says',
    explanation: 'Envoy\'s admin /clusters reports another endpoint than the control plane ' +
      'holds: a posted change was not applied (or not yet).',
    fix: 'Re-post the cluster and check the control plane\'s logs; restart the edge if it ' +
      'stays stale.',
  },
  CX404: {
    title: 'The cluster is missing',
    explanation: 'The control plane or Envoy does not know the configured cluster, so the ' +
      'edge has nowhere to route.',
    fix: 'Check edge.cluster in cortex-ops.yaml, or POST the cluster to /add-cluster.',
  },
  CX405: {
    title: 'A request through the edge fails',
    explanation: 'A request to the public URL did not get an answer from the stack (Envoy ' +
      'itself answered 503 or 404, or nothing answered).',
    fix: 'Bring the cluster in line with the gateway port and check the gateway is up.',
  },
  CX601: {
    title: 'nginx -t rejects the configuration inside the gateway',
    explanation: 'nginx in the gateway container refuses its configuration; the next reload ' +
      'or restart fails and the gateway goes down.',
    fix: 'Fix the file and line nginx names, then `nginx -s reload`.',
  },
  CX602: {
    title: 'nginx -t accepts the configuration',
    explanation: 'nginx in the gateway container reads its configuration without errors.',
    fix: 'Nothing to change.',
  },
  CX610: {
    title: 'The backend is restarting in a loop',
    explanation: 'Docker keeps restarting the backend container: it exits soon after ' +
      'starting, typically during startup (migrations, configuration).',
    fix: 'Read the last log lines for the error, fix it, and release again.',
  },
  CX611: {
    title: 'The backend container is running',
    explanation: 'The backend container is running and not restarting.',
    fix: 'Nothing to change.',
  },
  CX612: {
    title: 'The backend container is not running',
    explanation: 'The backend container is stopped or missing, so every API call through ' +
      'nginx ends in 502 Bad Gateway.',
    fix: 'Start it (`docker start ai_hub_service`) and read its logs if it stops again.',
  },
  CX620: {
    title: 'The gateway answers 502 for the API',
    explanation: 'nginx answers 502 Bad Gateway for the backend\'s health endpoint: it ' +
      'cannot reach the backend, which is down, restarting or not on its network.',
    fix: 'Bring the backend up (see the backend runbook) and check it is on the gateway\'s ' +
      'network.',
  },
  CX621: {
    title: 'The API answers through the gateway',
    explanation: 'The backend\'s health endpoint answers through nginx.',
    fix: 'Nothing to change.',
  },
  CX630: {
    title: 'The edge certificate expires soon',
    explanation: 'The certificate the edge presents expires within 14 days; after that ' +
      'browsers refuse the site.',
    fix: 'Renew the certificate and reload the edge.',
  },
  CX631: {
    title: 'The edge certificate has expired',
    explanation: 'The certificate the edge presents is past its end date; clients refuse ' +
      'the connection.',
    fix: 'Renew the certificate and reload the edge now.',
  },
  CX632: {
    title: 'The edge certificate is valid',
    explanation: 'The certificate the edge presents is valid for more than 14 days.',
    fix: 'Nothing to change.',
  },
  CX690: {
    title: 'A check could not run',
    explanation: 'A check could not reach what it looks at (the host over SSH, Docker, the ' +
      'edge), so its pitfall is neither confirmed nor ruled out.',
    fix: 'Fix the connection problem named in the detail and run the check again.',
  },
  CX691: {
    title: 'A file to check was not found',
    explanation: 'Neither the workspace nor the host has the file this check reads, so the ' +
      'static part of the runbook was skipped.',
    fix: 'Check project.workspace, project.remoteDir and project.composeFile.',
  },
} as const satisfies Record<string, CodeInfo>;

/** A live-check code. */
export type LiveCode = keyof typeof LIVE_CODES;

/** The analyzers' codes and the live codes, in one table for the README and the UI. */
export const ALL_CODES: Record<string, CodeInfo> = { ...FINDING_CODES, ...LIVE_CODES };

/** Builds a live finding whose title and fix come from the catalogue. */
export function liveFinding(
  code: LiveCode, verdict: Verdict, detail: string, evidence: Evidence[] = [],
): Finding {
  const info: CodeInfo = LIVE_CODES[code];
  const finding: Finding = { code, verdict, title: info.title, detail, evidence };
  if (verdict !== 'ok') finding.fix = info.fix;
  return finding;
}

/** Every code of both catalogues, sorted, for tables. */
export function allCodeRows(): [string, CodeInfo][] {
  return Object.keys(ALL_CODES).sort().map((code) => [code, ALL_CODES[code]!]);
}

/** The catalogue as a Markdown table (code, title, what it means, fix), for the README. */
export function catalogueMarkdown(): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const rows = allCodeRows().map(([code, i]) =>
    `| ${code} | ${cell(i.title)} | ${cell(i.explanation)} | ${cell(i.fix)} |`);
  return ['| Code | Finding | What it means | Fix |', '|---|---|---|---|', ...rows].join('\n');
}
