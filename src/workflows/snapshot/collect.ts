/**
 * What an incident snapshot holds, each part collected on its own so one failure (the host
 * unreachable, Envoy down) costs only that part: compose ps, recent logs of each service,
 * `nginx -T`, the control plane's cluster, Envoy's /clusters, /server_info and /config_dump,
 * versions, and the doctor report.
 */
import * as envoy from '../../services/envoy.js';
import { composePsArgv, nginxDumpArgv } from '../runbooks/host.js';
import type { TroubleshootContext } from '../runbooks/model.js';

/** One file of the snapshot before redaction. */
export interface SnapshotPart {
  name: string;
  text: string;
}

const LOG_LINES = 200;
const SECRET_JSON_KEY = /(private_key|password|secret|token|inline_string|inline_bytes)/i;

/** A JSON value with every string under a secret-sounding key replaced. */
export function redactJson(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return SECRET_JSON_KEY.test(key) ? '[redacted]' : value;
  if (Array.isArray(value)) return value.map((v) => redactJson(v, key));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactJson(v, k)]));
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

async function hostText(ctx: TroubleshootContext, argv: string[], signal: AbortSignal) {
  const res = await ctx.host.exec(argv, { signal, timeoutMs: ctx.timeoutMs * 2 });
  const tail = res.code === 0 ? '' : `\n# exit ${res.code}\n${res.stderr}`;
  return `# ${argv.join(' ')}\n${res.stdout}${tail}`;
}

async function serviceNames(ctx: TroubleshootContext, signal: AbortSignal): Promise<string[]> {
  const { gateway, backend, project } = ctx.config;
  const names = new Set([gateway.container, backend.container]);
  const list = await ctx.host.containers({ signal, timeoutMs: ctx.timeoutMs }).catch(() => []);
  for (const c of list) {
    if (c.labels['com.docker.compose.project'] === (project.projectName ?? 'cortex-hub')) {
      names.add(c.name);
    }
  }

  return [...names];
}

type Collector = (ctx: TroubleshootContext, signal: AbortSignal) => Promise<SnapshotPart[]>;

/** The collectors, in archive order; each may throw, which records an error file instead. */
export const COLLECTORS: [string, Collector][] = [
  ['compose-ps', async (ctx, signal) => {
    const { remoteDir, composeFile, projectName } = ctx.config.project;
    const text = await hostText(ctx, composePsArgv(remoteDir, composeFile, projectName), signal);
    const list = await ctx.host.containers({ signal, timeoutMs: ctx.timeoutMs });
    return [{ name: 'compose-ps.txt', text }, { name: 'containers.json', text: json(list) }];
  }],
  ['logs', async (ctx, signal) => {
    const parts: SnapshotPart[] = [];
    for (const name of await serviceNames(ctx, signal)) {
      const lines = await ctx.host.logs(name, LOG_LINES, { signal, timeoutMs: ctx.timeoutMs })
        .catch((err: Error) => [`# logs unavailable: ${err.message}`]);
      parts.push({ name: `logs/${name}.log`, text: lines.join('\n') + '\n' });
    }

    return parts;
  }],
  ['nginx-T', async (ctx, signal) => [{ name: 'nginx-T.txt',
    text: await hostText(ctx, nginxDumpArgv(ctx.config.gateway.container), signal) }]],
  ['envoy-cluster', async (ctx, signal) => {
    const { controlPlaneUrl, cluster } = ctx.config.edge;
    const info = await envoy.getCluster(controlPlaneUrl, cluster, { signal,
      timeoutMs: ctx.timeoutMs });
    return [{ name: 'envoy/control-plane-cluster.json', text: json(redactJson(info.raw)) }];
  }],
  ['envoy-admin', async (ctx, signal) => {
    const opts = { signal, timeoutMs: ctx.timeoutMs };
    const { adminUrl } = ctx.config.edge;
    const [clusters, info, dump] = await Promise.all([envoy.clusters(adminUrl, opts),
      envoy.serverInfo(adminUrl, opts), envoy.configDump(adminUrl, opts)]);
    return [
      { name: 'envoy/clusters.json', text: json(clusters) },
      { name: 'envoy/server_info.json', text: json(redactJson(info.raw)) },
      { name: 'envoy/config_dump.json', text: json(redactJson(dump)) },
    ];
  }],
  ['versions', async (ctx, signal) => {
    const docker = await hostText(ctx, ['docker', 'version'], signal).catch((e: Error) =>
      `# docker version: ${e.message}\n`);
    const compose = await hostText(ctx, ['docker-compose', 'version'], signal)
      .catch((e: Error) => `# docker-compose version: ${e.message}\n`);
    const info = await envoy.serverInfo(ctx.config.edge.adminUrl,
      { signal, timeoutMs: ctx.timeoutMs }).catch(() => undefined);
    const edge = `# envoy\n${info?.version ?? 'unavailable'}\n`;
    return [{ name: 'versions.txt', text: `${docker}\n${compose}\n${edge}` }];
  }],
];
