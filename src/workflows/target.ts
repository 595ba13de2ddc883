/**
 * Opens the target a sweep runs against: the demo stack, or the Docker host over one pooled,
 * host-key-verified SSH connection that carries host commands, Docker API calls and the port
 * forwards the probes need. The host-key policy decides what happens to a key seen for the
 * first time: ask in the console, or refuse unless --accept-new-host-key.
 */
import type { Dispatcher } from 'undici';
import type { Config } from '../config/schema.js';
import type { TargetSession } from './sweep/session.js';
import {
  loadTarget, sshPool, type SshConnection, type UnknownHostHandler,
} from '../services/ssh/index.js';
import {
  dockerInfo, dockerVersion, inspectContainer, releaseDocker, type ContainerDetails,
} from '../services/docker/api.js';
import { ContainerNotFoundError } from '../services/docker/errors.js';
import { containerLogs } from '../services/docker/logs.js';
import { dialerDispatcher, type StreamDialer } from '../services/probes/http.js';
import { promptsStore, type PromptsStore } from '../state/prompts.js';
import { demoTarget } from './sweep/demo-target.js';
import type { ContainerFacts, Target, TargetCall } from './sweep/target-types.js';
import { followFile, tailFile } from '../services/file-follow.js';

export type { ContainerFacts, Target, TargetCall } from './sweep/target-types.js';

/** What to do about an SSH host key that is not in known_hosts. */
export type HostKeyPolicy =
  | { kind: 'interactive'; prompts?: PromptsStore }
  | { kind: 'non-interactive'; acceptNewHostKey: boolean };

export type { TargetSession } from './sweep/session.js';

/** The handler that carries out a policy; unknown keys are asked about or refused. */
export function hostKeyHandler(policy: HostKeyPolicy, signal?: AbortSignal): UnknownHostHandler {
  if (policy.kind === 'non-interactive') {
    return () => Promise.resolve(policy.acceptNewHostKey);
  }

  const prompts = policy.prompts ?? promptsStore;
  return (info) => prompts.getState().askHostKey(info, signal);
}

const DEFAULT_CALL_MS = 10_000;
const CLOSE_WAIT_MS = 1000;

function toFacts(d: ContainerDetails): ContainerFacts {
  const started = Date.parse(d.startedAt);
  return {
    name: d.name, state: d.state, running: d.running, health: d.health,
    restartCount: d.restartCount,
    startedAt: Number.isFinite(started) && started > 0 ? started : undefined,
    ports: d.ports.map((p) => ({ containerPort: p.containerPort, hostPort: p.hostPort })),
    ip: Object.values(d.networks).find((ip) => ip !== ''),
    error: d.error,
  };
}

function callOpts(call: TargetCall): { signal?: AbortSignal; timeoutMs: number } {
  return { signal: call.signal, timeoutMs: call.timeoutMs ?? DEFAULT_CALL_MS };
}

/** The Docker host over SSH. */
/** The log name under which the edge's access log file is followed. */
const EDGE_ACCESS_LOG = 'edge-access';

class SshTarget implements Target {
  readonly kind = 'ssh';
  private readonly dispatchers = new Map<string, Dispatcher>();

  /** `accessLog`: the edge's access log on this machine, followed as the log 'edge-access'. */
  constructor(private readonly conn: SshConnection, private readonly accessLog?: string) {}

  get label(): string {
    return this.conn.label;
  }

  async reach(call: TargetCall): Promise<string> {
    const start = performance.now();
    await this.conn.connect(call.signal);
    const res = await this.conn.exec(['uname', '-sr'], callOpts(call));
    const system = res.stdout.trim();
    if (!system) throw new Error(`\`uname -sr\` said nothing on ${this.conn.label}`);
    return `${this.conn.label} answers, ${system} (${Math.round(performance.now() - start)} ms)`;
  }

  async run(argv: readonly string[], call: TargetCall) {
    const res = await this.conn.exec(argv, callOpts(call));
    return { code: res.code, stdout: res.stdout, stderr: res.stderr };
  }

  async dockerVersion(call: TargetCall): Promise<string> {
    return (await dockerVersion(this.conn, callOpts(call))).version;
  }

  async dockerRootDir(call: TargetCall): Promise<string> {
    return (await dockerInfo(this.conn, callOpts(call))).dockerRootDir;
  }

  async container(name: string, call: TargetCall): Promise<ContainerFacts | undefined> {
    try {
      return toFacts(await inspectContainer(this.conn, name, callOpts(call)));
    } catch (err) {
      if (err instanceof ContainerNotFoundError) return undefined;
      throw err;
    }
  }

  async recentLogs(name: string, tail: number, call: TargetCall): Promise<string[]> {
    if (name === EDGE_ACCESS_LOG && this.accessLog) return tailFile(this.accessLog, tail);
    const lines = await containerLogs(this.conn, name, { ...callOpts(call), tail });
    return lines.map((l) => l.text);
  }

  async followLogs(name: string, onLine: (line: string) => void, signal: AbortSignal) {
    if (name === EDGE_ACCESS_LOG && this.accessLog) {
      return followFile(this.accessLog, onLine, signal);
    }

    await containerLogs(this.conn, name, {
      signal, follow: true, tail: 50, maxLines: 1, onLine: (l) => onLine(l.text),
    });
  }

  dispatcherFor(host: string, port: number): Dispatcher {
    const key = `${host}:${port}`;
    let d = this.dispatchers.get(key);
    if (!d) {
      d = dialerDispatcher(this.dialerFor(host, port));
      this.dispatchers.set(key, d);
    }

    return d;
  }

  dialerFor(host: string, port: number): StreamDialer {
    return (signal) => this.conn.forwardOut(host, port, signal);
  }

  extraLogs(): string[] {
    return this.accessLog ? [EDGE_ACCESS_LOG] : [];
  }

  async close(): Promise<void> {
    const all = [...this.dispatchers.values()];
    this.dispatchers.clear();
    releaseDocker(this.conn);
    // A forwarded channel on a connection that has died never reports being closed, so
    // undici's destroy() could wait forever; give it a moment, then move on.
    let timer: NodeJS.Timeout | undefined;
    const moment = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_WAIT_MS);
      timer.unref();
    });
    await Promise.race([Promise.allSettled(all.map((d) => d.destroy())), moment]);
    clearTimeout(timer);
  }
}

/**
 * Opens the target for a session: the demo's when there is a demo stack, else the SSH host
 * from the config (connected lazily, on the first call).
 */
export async function openTarget(config: Config, session: TargetSession,
  policy: HostKeyPolicy, signal?: AbortSignal): Promise<Target> {
  if (session.demo) return demoTarget(session.demo);
  const target = await loadTarget(config.ssh);
  const conn = sshPool.get(target, { onUnknownHost: hostKeyHandler(policy, signal) });
  return new SshTarget(conn, config.edge.accessLog);
}

export { setConsoleSession, getConsoleSession } from './sweep/session.js';
