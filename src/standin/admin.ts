/**
 * The stand-in's copy of Envoy's admin API: /ready, /clusters, /stats, /server_info,
 * /certs and /config_dump, in the shapes Envoy documents (snake_case keys, 64-bit values as
 * strings, fields at their default omitted).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { X509Certificate } from 'node:crypto';
import type { StandinState } from './state.js';
import type { Endpoint } from './cluster.js';

export const STANDIN_VERSION = 'cortex-ops-envoy-standin/1.0 (a stand-in, not Envoy)';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body, null, 1));
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=UTF-8' });
  res.end(body);
}

/** A proto3 uint64 counter: a string, and left out entirely when zero. */
function stat(name: string, value: number): { name: string; value?: string } {
  return value === 0 ? { name } : { name, value: String(value) };
}

function hostStatus(state: StandinState, ep: Endpoint): Record<string, unknown> {
  const c = state.counterFor(ep);
  const health: Record<string, unknown> = { eds_health_status: 'HEALTHY' };
  if (state.lastConnectFailed) health.failed_outlier_check = true;
  return {
    address: { socket_address: { address: ep.address, port_value: ep.port } },
    stats: [
      stat('cx_total', c.cx_total),
      stat('cx_connect_fail', c.cx_connect_fail),
      stat('rq_total', c.rq_total),
      stat('rq_success', c.rq_success),
      stat('rq_error', c.rq_error),
      stat('rq_timeout', c.rq_timeout),
      { type: 'GAUGE', name: 'cx_active' },
    ],
    health_status: health,
    weight: 1,
    locality: {},
  };
}

function clustersJson(state: StandinState): unknown {
  const statuses = [...state.clusters.keys()].map((name) => {
    const routed = name === state.routedCluster ? state.routedEndpoint() : undefined;
    const def = state.clusters.get(name);
    const ep = routed ?? firstDef(def);
    return {
      name,
      added_via_api: true,
      host_statuses: ep ? [hostStatus(state, ep)] : [],
      observability_name: name,
    };
  });
  return { cluster_statuses: statuses };
}

function firstDef(def: ReturnType<StandinState['clusters']['get']>): Endpoint | undefined {
  const s = def?.loadAssignment.endpoints[0]?.lbEndpoints[0]?.endpoint.address.socketAddress;
  return s ? { address: s.address, port: s.portValue } : undefined;
}

function statsList(state: StandinState): [string, number][] {
  const c = state.counters;
  const p = `cluster.${state.routedCluster}`;
  return [
    [`${p}.upstream_cx_connect_fail`, c.upstream_cx_connect_fail],
    [`${p}.upstream_rq_2xx`, c.upstream_rq_2xx],
    [`${p}.upstream_rq_3xx`, c.upstream_rq_3xx],
    [`${p}.upstream_rq_4xx`, c.upstream_rq_4xx],
    [`${p}.upstream_rq_5xx`, c.upstream_rq_5xx],
    [`${p}.upstream_rq_total`, c.upstream_rq_total],
    ['http.ingress_http.downstream_rq_5xx', c.downstream_rq_5xx],
    ['server.live', 1],
    ['server.uptime', Math.floor((Date.now() - state.startedAt) / 1000)],
  ];
}

function certsJson(certPem: string | undefined): unknown {
  if (!certPem) return { certificates: [] };
  const cert = new X509Certificate(certPem);
  const expires = new Date(cert.validTo);
  const days = Math.floor((expires.getTime() - Date.now()) / 86_400_000);
  return {
    certificates: [{
      ca_cert: [],
      cert_chain: [{
        path: 'edge.pem',
        serial_number: cert.serialNumber.toLowerCase(),
        days_until_expiration: String(days),
        valid_from: new Date(cert.validFrom).toISOString(),
        expiration_time: expires.toISOString(),
        subject_alt_names: (cert.subjectAltName ?? '').split(', ').filter(Boolean)
          .map((san) => ({ dns: san.replace(/^[A-Z ]+:/, '') })),
      }],
    }],
  };
}

function configDump(state: StandinState, tls: boolean): unknown {
  const clusters = [...state.clusters.values()].map((cluster) => ({
    version_info: '1',
    cluster: { '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster', ...cluster },
  }));
  return {
    configs: [
      {
        '@type': 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump',
        bootstrap: { node: { id: 'edge', cluster: 'cortex-ops-standin' } },
      },
      {
        '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
        dynamic_active_clusters: clusters,
      },
      {
        '@type': 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump',
        // Envoy itself prints private keys as "[redacted]"; the stand-in does the same.
        static_secrets: tls
          ? [{
            name: 'edge_cert',
            secret: { tls_certificate: { private_key: { inline_string: '[redacted]' } } },
          }]
          : [],
      },
    ],
  };
}

/** Answers one admin request. */
export function handleAdmin(
  state: StandinState, certPem: string | undefined, req: IncomingMessage, res: ServerResponse,
): void {
  const url = new URL(req.url ?? '/', 'http://admin');
  const format = url.searchParams.get('format');
  switch (url.pathname) {
    case '/ready':
      return text(res, 200, 'LIVE\n');
    case '/clusters':
      if (format === 'json') return json(res, 200, clustersJson(state));
      return text(res, 200, clustersText(state));
    case '/stats':
      if (format === 'json') {
        const stats = statsList(state).map(([name, value]) => ({ name, value }));
        return json(res, 200, { stats });
      }

      return text(res, 200, statsList(state).map(([n, v]) => `${n}: ${v}`).join('\n') + '\n');
    case '/server_info':
      return json(res, 200, {
        version: STANDIN_VERSION,
        state: 'LIVE',
        uptime_current_epoch: `${Math.floor((Date.now() - state.startedAt) / 1000)}s`,
        command_line_options: { concurrency: 1, mode: 'Serve' },
      });
    case '/certs':
      return json(res, 200, certsJson(certPem));
    case '/config_dump':
      return json(res, 200, configDump(state, certPem !== undefined));
    default:
      return text(res, 404, 'invalid path. admin commands are: /ready /clusters /stats ' +
        '/server_info /certs /config_dump\n');
  }
}

function clustersText(state: StandinState): string {
  const lines: string[] = [];
  for (const name of state.clusters.keys()) {
    lines.push(`${name}::observability_name::${name}`, `${name}::added_via_api::true`);
    const ep = name === state.routedCluster ? state.routedEndpoint() : undefined;
    if (!ep) continue;
    const c = state.counterFor(ep);
    const host = `${name}::${ep.address}:${ep.port}`;
    for (const [k, v] of Object.entries(c)) lines.push(`${host}::${k}::${v}`);
    lines.push(`${host}::health_flags::healthy`);
  }

  return lines.join('\n') + '\n';
}
