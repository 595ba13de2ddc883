/**
 * What the sweep needs from wherever the stack runs: container facts, host commands, logs
 * and a way to reach addresses only the host can see. The SSH target and the demo target
 * both provide it, so the same sweep code runs against either.
 */
import type { Dispatcher } from 'undici';
import type { StreamDialer } from '../../services/probes/http.js';

/** Deadline and cancellation of one target call. */
export interface TargetCall {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** One container as the dashboard shows it. */
export interface ContainerFacts {
  name: string;
  /** created, running, restarting, exited, paused, dead… */
  state: string;
  running: boolean;
  /** starting, healthy, unhealthy; absent without a HEALTHCHECK. */
  health?: string;
  restartCount: number;
  /** Epoch milliseconds the container last started, if known. */
  startedAt?: number;
  /** Published ports: container port -> host port. */
  ports: { containerPort: number; hostPort?: number }[];
  /** The container's address on its network, for probes through the host. */
  ip?: string;
  /** Docker's error from the last start, if any. */
  error?: string;
}

/** How a host command ended. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A place the stack runs. */
export interface Target {
  kind: 'ssh' | 'demo';
  /** `user@host:port`, or `demo`. */
  label: string;
  /** Makes sure the host is reachable (SSH handshake); resolves with words about it. */
  reach(call: TargetCall): Promise<string>;
  /** Runs an argument array on the host. */
  run(argv: readonly string[], call: TargetCall): Promise<CommandResult>;
  dockerVersion(call: TargetCall): Promise<string>;
  /** Where Docker keeps images and containers. */
  dockerRootDir(call: TargetCall): Promise<string>;
  /** A container by name; undefined when there is none. */
  container(name: string, call: TargetCall): Promise<ContainerFacts | undefined>;
  /** The last `tail` lines a container logged. */
  recentLogs(name: string, tail: number, call: TargetCall): Promise<string[]>;
  /** Streams new log lines until `signal` aborts. */
  followLogs(name: string, onLine: (line: string) => void, signal: AbortSignal): Promise<void>;
  /**
   * A dispatcher that reaches `host:port` as the Docker host sees it (through SSH), or
   * undefined to connect directly.
   */
  dispatcherFor(host: string, port: number): Dispatcher | undefined;
  /** The same, as a raw stream opener for the WebSocket probe. */
  dialerFor(host: string, port: number): StreamDialer | undefined;
  /** Logs beside the containers' (the edge stand-in's access log), by name. */
  extraLogs(): string[];
  close(): Promise<void>;
}
