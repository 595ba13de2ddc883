/**
 * The raw observations one sweep makes, each started once on first use and bounded by the
 * probe timeout: a fact never rejects and never outlives its deadline, so a check waiting
 * on a dead component waits at most that long and the other checks not at all.
 */
import { readFile } from 'node:fs/promises';
import type { Dispatcher } from 'undici';
import type { Config } from '../../config/schema.js';
import * as envoy from '../../services/envoy.js';
import { caDispatcher, httpProbe, type HttpProbeResult } from '../../services/probes/http.js';
import { wsProbe, type WsProbeResult } from '../../services/probes/websocket.js';
import { certificateProbe, type CertificateResult } from '../../services/probes/certificate.js';
import { timeoutError } from '../../services/probes/errors.js';
import type { CommandResult, ContainerFacts, Target } from './target-types.js';
import { composeV1Argv, composeV2Argv, dfArgv, loadavgArgv, nprocArgv } from './host-commands.js';

const BACKSTOP_GRACE_MS = 150;

/** A fact: what was observed, or why nothing was. */
export type Outcome<T> =
  | { ok: true; value: T; ms: number }
  | { ok: false; error: Error; ms: number };

/** What one sweep remembers for the next (rates need two samples; some facts never change). */
export interface SweepMemory {
  stats?: { at: number; values: Record<string, number> };
  cpus?: number;
  caPem?: string | null;
  edgeDispatcher?: Dispatcher;
}

/** Inputs of one sweep. */
export interface SweepOptions {
  config: Config;
  target: Target;
  /** Each probe's limit in milliseconds. */
  timeoutMs: number;
  signal?: AbortSignal;
  memory: SweepMemory;
}

/**
 * Runs `fn` with its own deadline; resolves with an Outcome, never rejects. On the deadline
 * the work is aborted and a timeout error naming `what` is the outcome.
 */
export function bounded<T>(what: string, timeoutMs: number, parent: AbortSignal | undefined,
  fn: (signal: AbortSignal) => Promise<T>): Promise<Outcome<T>> {
  const start = performance.now();
  const ac = new AbortController();
  const ms = (): number => Math.round(performance.now() - start);
  const onParent = (): void => ac.abort(parent?.reason);
  parent?.addEventListener('abort', onParent, { once: true });
  return new Promise<Outcome<T>>((resolve) => {
    // A backstop a little after the probe's own deadline, whose error names the cause better.
    const timer = setTimeout(() => {
      ac.abort(new Error('probe deadline'));
      resolve({ ok: false, error: timeoutError(what, timeoutMs), ms: ms() });
    }, timeoutMs + BACKSTOP_GRACE_MS);
    fn(ac.signal).then(
      (value) => resolve({ ok: true, value, ms: ms() }),
      (err: unknown) => resolve({
        ok: false, error: err instanceof Error ? err : new Error(String(err)), ms: ms(),
      }),
    ).finally(() => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    });
  });
}

/** The host's Compose: which argv answered and what it said. */
export interface ComposeFact {
  v2?: CommandResult;
  v1?: CommandResult;
}

/** The gateway's base URL as probed (through the host when the target says so). */
export function gatewayBase(config: Config): string {
  const host = config.gateway.host.includes(':') ? `[${config.gateway.host}]` : config.gateway.host;
  return `http://${host}:${config.gateway.port}`;
}

/** Lazily started, memoised facts of one sweep. */
export class Facts {
  private readonly cache = new Map<string, Promise<Outcome<unknown>>>();

  constructor(readonly o: SweepOptions) {}

  private fact<T>(key: string, what: string, fn: (signal: AbortSignal) => Promise<T>):
    Promise<Outcome<T>> {
    let p = this.cache.get(key) as Promise<Outcome<T>> | undefined;
    if (!p) {
      p = bounded(what, this.o.timeoutMs, this.o.signal, fn);
      this.cache.set(key, p);
    }

    return p;
  }

  private get call() {
    return { timeoutMs: this.o.timeoutMs };
  }

  control() {
    const { controlPlaneUrl, cluster } = this.o.config.edge;
    return this.fact('control', controlPlaneUrl, (signal) =>
      envoy.getCluster(controlPlaneUrl, cluster, { ...this.call, signal }));
  }

  ready() {
    const url = this.o.config.edge.adminUrl;
    return this.fact('ready', url, (signal) => envoy.ready(url, { ...this.call, signal }));
  }

  adminClusters() {
    const url = this.o.config.edge.adminUrl;
    return this.fact('clusters', url, (signal) => envoy.clusters(url, { ...this.call, signal }));
  }

  stats() {
    const url = this.o.config.edge.adminUrl;
    return this.fact('stats', url, (signal) => envoy.stats(url, { ...this.call, signal }));
  }

  private async edgeDispatcher(): Promise<Dispatcher | undefined> {
    const m = this.o.memory;
    if (m.caPem === undefined) {
      const file = this.o.config.edge.caFile;
      m.caPem = file ? await readFile(file, 'utf8') : null;
      if (m.caPem) m.edgeDispatcher = caDispatcher(m.caPem);
    }

    return m.edgeDispatcher;
  }

  certificate(): Promise<Outcome<CertificateResult>> {
    const url = this.o.config.edge.publicUrl;
    return this.fact('cert', url, async (signal) => {
      await this.edgeDispatcher();
      return certificateProbe(url, { ...this.call, signal, ca: this.o.memory.caPem ?? undefined });
    });
  }

  publicProbe(): Promise<Outcome<HttpProbeResult>> {
    const url = this.o.config.edge.publicUrl;
    return this.fact('public', url, async (signal) =>
      httpProbe(url, { ...this.call, signal, dispatcher: await this.edgeDispatcher() }));
  }

  container(name: string): Promise<Outcome<ContainerFacts | undefined>> {
    return this.fact(`container:${name}`, `docker inspect ${name}`, (signal) =>
      this.o.target.container(name, { ...this.call, signal }));
  }

  gatewayHttp(path: string, headers?: Record<string, string>): Promise<Outcome<HttpProbeResult>> {
    const { host, port } = this.o.config.gateway;
    const url = gatewayBase(this.o.config) + path;
    return this.fact(`gw:${path}`, url, (signal) => httpProbe(url, {
      ...this.call, signal, headers, dispatcher: this.o.target.dispatcherFor(host, port),
    }));
  }

  gatewayWs(): Promise<Outcome<WsProbeResult>> {
    const { host, port } = this.o.config.gateway;
    const url = gatewayBase(this.o.config).replace(/^http/, 'ws') + this.o.config.backend.wsPath;
    return this.fact('gw:ws', url, (signal) => wsProbe(url, {
      ...this.call, signal, dial: this.o.target.dialerFor(host, port),
    }));
  }

  /** The backend's health path on its container address, through the host. */
  async backendDirect(): Promise<Outcome<HttpProbeResult> | undefined> {
    const c = await this.container(this.o.config.backend.container);
    if (!c.ok || !c.value?.running || !c.value.ip) return undefined;
    const ip = c.value.ip;
    const { port, healthPath } = this.o.config.backend;
    const url = `http://${ip.includes(':') ? `[${ip}]` : ip}:${port}${healthPath}`;
    return this.fact('backend:direct', url, (signal) => httpProbe(url, {
      ...this.call, signal, dispatcher: this.o.target.dispatcherFor(ip, port),
    }));
  }

  backendLogs(): Promise<Outcome<string[]>> {
    const name = this.o.config.backend.container;
    return this.fact('backend:logs', `the logs of ${name}`, (signal) =>
      this.o.target.recentLogs(name, 200, { ...this.call, signal }));
  }

  reach(): Promise<Outcome<string>> {
    return this.fact('reach', this.o.target.label, (signal) =>
      this.o.target.reach({ ...this.call, signal }));
  }

  dockerVersion(): Promise<Outcome<string>> {
    return this.fact('docker', 'the Docker version', (signal) =>
      this.o.target.dockerVersion({ ...this.call, signal }));
  }

  compose(): Promise<Outcome<ComposeFact>> {
    return this.fact('compose', 'the Compose version', async (signal) => {
      const v2 = await this.o.target.run(composeV2Argv(), { ...this.call, signal });
      if (v2.code === 0) return { v2 };
      return { v2, v1: await this.o.target.run(composeV1Argv(), { ...this.call, signal }) };
    });
  }

  disk(): Promise<Outcome<{ root: string; df: CommandResult }>> {
    return this.fact('disk', 'df of the Docker root', async (signal) => {
      const root = await this.o.target.dockerRootDir({ ...this.call, signal }) || '/';
      return { root, df: await this.o.target.run(dfArgv(root), { ...this.call, signal }) };
    });
  }

  load(): Promise<Outcome<{ loadavg: CommandResult; cpus?: number }>> {
    return this.fact('load', '/proc/loadavg', async (signal) => {
      const loadavg = await this.o.target.run(loadavgArgv(), { ...this.call, signal });
      if (this.o.memory.cpus === undefined) {
        const n = await this.o.target.run(nprocArgv(), { ...this.call, signal });
        const cpus = Number(n.stdout.trim());
        if (Number.isInteger(cpus) && cpus > 0) this.o.memory.cpus = cpus;
      }

      return { loadavg, cpus: this.o.memory.cpus };
    });
  }
}
