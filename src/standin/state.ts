/**
 * The mutable state shared by the stand-in's three listeners: cluster definitions held by
 * the control plane, the endpoint Envoy actually routes to, and the counters it keeps.
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import {
  type ClusterDef, type Endpoint, type HostCounters, emptyCounters, firstEndpoint, makeCluster,
  normalizeCluster,
} from './cluster.js';

export interface StandinStateOptions {
  cluster: string;
  endpoint: Endpoint;
  /** Persist cluster definitions here so a restart keeps what was posted. */
  stateFile?: string;
}

/** Response-class counters for the routed cluster (upstream_rq_2xx and friends). */
export interface ClusterCounters {
  upstream_rq_total: number;
  upstream_rq_2xx: number;
  upstream_rq_3xx: number;
  upstream_rq_4xx: number;
  upstream_rq_5xx: number;
  upstream_cx_connect_fail: number;
  downstream_rq_5xx: number;
}

/** In-memory state of one stand-in instance. */
export class StandinState {
  readonly routedCluster: string;
  readonly clusters = new Map<string, ClusterDef>();
  readonly hostCounters = new Map<string, HostCounters>();
  readonly counters: ClusterCounters = {
    upstream_rq_total: 0, upstream_rq_2xx: 0, upstream_rq_3xx: 0, upstream_rq_4xx: 0,
    upstream_rq_5xx: 0, upstream_cx_connect_fail: 0, downstream_rq_5xx: 0,
  };

  /**
   * When set, the edge keeps routing here whatever the control plane holds: a deliberate
   * misbehaviour so tests can see a POST accepted but never applied.
   */
  frozenEndpoint: Endpoint | undefined;
  lastConnectFailed = false;
  readonly startedAt = Date.now();
  private readonly stateFile: string | undefined;

  constructor(opts: StandinStateOptions) {
    this.routedCluster = opts.cluster;
    this.stateFile = opts.stateFile;
    this.clusters.set(opts.cluster, makeCluster(opts.cluster, opts.endpoint));
    this.load();
  }

  /** The endpoint the edge sends traffic to right now, if the cluster exists. */
  routedEndpoint(): Endpoint | undefined {
    if (this.frozenEndpoint) return this.frozenEndpoint;
    const cluster = this.clusters.get(this.routedCluster);
    return cluster ? firstEndpoint(cluster) : undefined;
  }

  /** Stores a posted cluster (validated) and persists the set. */
  upsert(body: unknown): ClusterDef {
    const cluster = normalizeCluster(body);
    this.clusters.set(cluster.name, cluster);
    this.save();
    return cluster;
  }

  counterFor(ep: Endpoint): HostCounters {
    const key = `${ep.address}:${ep.port}`;
    let c = this.hostCounters.get(key);
    if (!c) {
      c = emptyCounters();
      this.hostCounters.set(key, c);
    }

    return c;
  }

  private load(): void {
    if (!this.stateFile) return;
    let text: string;
    try {
      text = readFileSync(this.stateFile, 'utf8');
    } catch {
      return;
    }

    // A damaged state file must not stop the edge from starting; start from the defaults.
    try {
      const saved = JSON.parse(text) as unknown[];
      for (const raw of saved) {
        const c = normalizeCluster(raw);
        this.clusters.set(c.name, c);
      }
    } catch (err) {
      const why = String(err);
      process.stderr.write(`envoy stand-in: ignoring unreadable ${this.stateFile}: ${why}\n`);
    }
  }

  private save(): void {
    if (!this.stateFile) return;
    const tmp = `${this.stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify([...this.clusters.values()], null, 2));
    renameSync(tmp, this.stateFile);
  }
}
