/**
 * Runbook 1, OIDC redirect flips to http: the static checks of nginx (X-Forwarded-Proto
 * from the edge's header, with proxy_set_header inheritance) and of the uvicorn command
 * line, then the login endpoint asked at each hop with the scheme of its redirect read.
 */
import {
  checkBackendLaunch, checkNginx, type Evidence, type Finding,
} from '../../services/analyze/index.js';
import { liveFinding } from './codes.js';
import { stackFiles } from './files.js';
import { probe, type ProbeResponse } from './http.js';
import type { Check, Runbook, TroubleshootContext } from './model.js';
import {
  analyze, callOpts, containerNamed, edgeUrl, gatewayUrl, locationScheme,
} from './util.js';

const nginxScheme: Check = {
  id: 'nginx-forwarded-proto', title: 'nginx passes X-Forwarded-Proto on', kind: 'static',
  async run(ctx, signal) {
    const files = await stackFiles(ctx, signal);
    const { backend } = ctx.config;
    return analyze(files.nginx, 'nginx.conf', files.hostError,
      (f) => checkNginx(f.text, f.file, { wsPath: backend.wsPath }),
      (code) => /^CX10\d$/.test(code));
  },
};

const uvicornFlags: Check = {
  id: 'uvicorn-proxy-headers', title: 'uvicorn trusts the forwarded scheme', kind: 'static',
  async run(ctx, signal) {
    const files = await stackFiles(ctx, signal);
    if (!files.dockerfile && !files.compose) {
      return analyze(undefined, 'Dockerfile or compose file', files.hostError, () => [],
        () => true);
    }

    const { backend } = ctx.config;
    return checkBackendLaunch({
      dockerfile: files.dockerfile, compose: files.compose,
      backend: [backend.service, backend.container],
    });
  },
};

interface Hop {
  name: string;
  url: string;
  response?: ProbeResponse;
  error?: string;
}

async function askHop(hop: Hop, run: () => Promise<ProbeResponse>): Promise<Hop> {
  try {
    return { ...hop, response: await run() };
  } catch (err) {
    return { ...hop, error: (err as Error).message };
  }
}

async function backendHop(ctx: TroubleshootContext, signal: AbortSignal): Promise<Hop> {
  const { backend } = ctx.config;
  const opts = callOpts(ctx, signal);
  const hop: Hop = { name: 'backend (direct)', url: `${backend.container}:${backend.port}` };
  try {
    const box = containerNamed(await ctx.host.containers(opts), backend.container);
    if (!box?.address) return { ...hop, error: `${backend.container} has no address (down?)` };
    hop.url = `http://${box.address}:${backend.port}${backend.loginPath}`;
    const stream = await ctx.host.dial(box.address, backend.port, opts);
    return await askHop(hop, () => probe(hop.url, {
      ...opts, stream, headers: { 'x-forwarded-proto': 'https', host: 'backend' },
    }));
  } catch (err) {
    return { ...hop, error: (err as Error).message };
  }
}

function hopEvidence(hop: Hop): Evidence {
  if (!hop.response) return { file: `${hop.name} ${hop.url}`, text: hop.error };
  const loc = hop.response.headers.location;
  return { file: `${hop.name} ${hop.url}`,
    text: `${hop.response.status} Location: ${loc ?? '(none)'}` };
}

const CULPRIT: Record<string, string> = {
  edge: 'The gateway and the backend keep https; the edge does not send ' +
    'X-Forwarded-Proto: https.',
  gateway: 'The backend keeps https when asked directly, so nginx loses the scheme.',
  'backend (direct)': 'Even asked directly with X-Forwarded-Proto: https the backend answers ' +
    'http: uvicorn does not trust the header.',
};

function judge(hops: { hop: Hop; expect: string }[]): Finding[] {
  const evidence = hops.map((h) => hopEvidence(h.hop));
  const flipped = hops.filter((h) => h.hop.response?.headers.location &&
    locationScheme(h.hop.response.headers.location) !== h.expect);
  const innermost = flipped[flipped.length - 1];
  if (innermost) {
    const names = flipped.map((h) => h.hop.name).join(', ');
    const detail = `The login redirect is http at: ${names}. ${CULPRIT[innermost.hop.name]}`;
    return [liveFinding('CX131', 'failing', detail, evidence)];
  }

  const silent = hops.filter((h) => !h.hop.response?.headers.location);
  if (silent.length) {
    const names = silent.map((h) => h.hop.name).join(', ');
    return [liveFinding('CX132', 'warning', `No redirect to read at: ${names}.`, evidence)];
  }

  return [liveFinding('CX130', 'ok', 'Every hop redirects with the expected scheme.', evidence)];
}

const loginHops: Check = {
  id: 'login-redirect-hops', title: 'the login redirect keeps https at each hop', kind: 'live',
  async run(ctx, signal) {
    const { backend } = ctx.config;
    const opts = { signal, timeoutMs: ctx.timeoutMs };
    const edgeScheme = new URL(ctx.config.edge.publicUrl).protocol.replace(':', '');
    const edge = { name: 'edge', url: edgeUrl(ctx, backend.loginPath) };
    const gateway = { name: 'gateway', url: gatewayUrl(ctx, backend.loginPath) };
    const xfp = { 'x-forwarded-proto': 'https' };
    const [e, g, b] = await Promise.all([
      askHop(edge, () => probe(edge.url, { ...opts, ca: ctx.ca })),
      askHop(gateway, () => probe(gateway.url, { ...opts, headers: xfp })),
      backendHop(ctx, signal),
    ]);
    return judge([
      { hop: e, expect: edgeScheme }, { hop: g, expect: 'https' }, { hop: b, expect: 'https' },
    ]);
  },
};

/** OIDC login redirects flip from https to http. */
export const oidcRunbook: Runbook = {
  id: 'oidc-scheme',
  title: 'OIDC redirect flips to http',
  symptom: 'Login fails: the auth server sends users back to http:// instead of https://.',
  checks: [nginxScheme, uvicornFlags, loginHops],
};
