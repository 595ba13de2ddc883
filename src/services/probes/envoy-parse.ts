/**
 * Parsers for what Envoy and its control plane return. Envoy's admin JSON is proto3 JSON:
 * snake_case keys, fields at their default left out, 64-bit numbers as strings. Control
 * planes differ in case too. Anything unexpected is an EnvoyFormatError, never a crash.
 */

/** Envoy or its control plane answered something cortex-ops cannot read. */
export class EnvoyFormatError extends Error {
  override name = 'EnvoyFormatError';
  readonly userFacing = true;
}

/** A host and port an Envoy cluster sends traffic to. */
export interface EnvoyEndpoint {
  address: string;
  port: number;
}

/** One upstream host of a cluster, as /clusters reports it. */
export interface EnvoyHost extends EnvoyEndpoint {
  /** True unless EDS or a health check marks the host down. */
  healthy: boolean;
  /** The health flags that are set, e.g. failed_outlier_check, eds_health_status=UNHEALTHY. */
  flags: string[];
  /** Counters and gauges; absent ones are 0. */
  stats: Record<string, number>;
}

/** One cluster from /clusters?format=json. */
export interface EnvoyClusterStatus {
  name: string;
  hosts: EnvoyHost[];
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A field by camelCase or snake_case name. */
function field(obj: Obj, camel: string): unknown {
  const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return obj[camel] ?? obj[snake];
}

/** A proto3 number: a number, or a string holding one; absent is `fallback`. */
export function protoNumber(v: unknown, fallback = 0): number {
  if (v === undefined || v === null) return fallback;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : fallback;
}

function socketOf(address: unknown): EnvoyEndpoint | undefined {
  if (!isObj(address)) return undefined;
  const sock = field(address, 'socketAddress');
  if (!isObj(sock)) return undefined;
  const host = sock.address;
  const port = protoNumber(field(sock, 'portValue'), NaN);
  if (typeof host !== 'string' || !Number.isInteger(port)) return undefined;
  return { address: host, port };
}

/** The endpoints of a v3 Cluster in proto3 JSON (either case), in order. */
export function clusterEndpoints(cluster: unknown): EnvoyEndpoint[] {
  if (!isObj(cluster)) throw new EnvoyFormatError('the cluster is not a JSON object');
  const out: EnvoyEndpoint[] = [];
  const la = field(cluster, 'loadAssignment');
  const groups = isObj(la) ? field(la, 'endpoints') : undefined;
  for (const group of Array.isArray(groups) ? groups : []) {
    const lbs = isObj(group) ? field(group, 'lbEndpoints') : undefined;
    for (const lb of Array.isArray(lbs) ? lbs : []) {
      const ep = isObj(lb) ? lb.endpoint : undefined;
      const sock = isObj(ep) ? socketOf(ep.address) : undefined;
      if (sock) out.push(sock);
    }
  }

  // The v2 `hosts` field, still accepted by some control planes.
  const hosts = cluster.hosts;
  for (const h of Array.isArray(hosts) ? hosts : []) {
    const sock = socketOf(h);
    if (sock) out.push(sock);
  }

  return out;
}

function healthFlags(status: unknown): string[] {
  if (!isObj(status)) return [];
  const flags: string[] = [];
  for (const [k, v] of Object.entries(status)) {
    if (k === 'eds_health_status' || k === 'edsHealthStatus') {
      if (v !== 'HEALTHY' && v !== undefined) flags.push(`eds_health_status=${String(v)}`);
    } else if (v === true) {
      flags.push(k);
    }
  }

  return flags;
}

function hostStats(stats: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of Array.isArray(stats) ? stats : []) {
    if (isObj(s) && typeof s.name === 'string') out[s.name] = protoNumber(s.value);
  }

  return out;
}

function parseHost(raw: unknown): EnvoyHost | undefined {
  if (!isObj(raw)) return undefined;
  const sock = socketOf(raw.address);
  if (!sock) return undefined;
  const flags = healthFlags(field(raw, 'healthStatus'));
  return { ...sock, healthy: flags.length === 0, flags, stats: hostStats(raw.stats) };
}

/** Parses the body of /clusters?format=json. */
export function parseClusters(text: string): EnvoyClusterStatus[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new EnvoyFormatError('admin /clusters?format=json did not return JSON; ' +
      'is adminUrl pointing at Envoy\'s admin port?');
  }

  if (!isObj(json)) throw new EnvoyFormatError('admin /clusters returned JSON of another shape');
  const list = field(json, 'clusterStatuses');
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    throw new EnvoyFormatError('admin /clusters: cluster_statuses is not a list');
  }

  return list.filter(isObj).filter((c) => typeof c.name === 'string').map((c) => {
    const hosts = field(c, 'hostStatuses');
    return {
      name: c.name as string,
      hosts: (Array.isArray(hosts) ? hosts : []).map(parseHost)
        .filter((h): h is EnvoyHost => h !== undefined),
    };
  });
}

/** Parses /stats in text (`name: value` lines) or JSON (`{stats: [{name, value}]}`) form. */
export function parseStats(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw new EnvoyFormatError('admin /stats returned broken JSON');
    }

    const stats = isObj(json) ? json.stats : undefined;
    if (!Array.isArray(stats)) throw new EnvoyFormatError('admin /stats JSON has no stats list');
    for (const s of stats) {
      if (isObj(s) && typeof s.name === 'string' && s.value !== undefined) {
        out[s.name] = protoNumber(s.value);
      }
    }

    return out;
  }

  for (const line of text.split('\n')) {
    const m = /^([\w.:-]+):\s+(-?\d+(?:\.\d+)?)\s*$/.exec(line);
    if (m) out[m[1]!] = Number(m[2]);
  }

  return out;
}
