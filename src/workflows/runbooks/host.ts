/**
 * What the runbooks need from the Docker host, as one narrow interface: read a file, run an
 * argument array, list and inspect containers, read logs, stop or start a container, and
 * open a TCP stream from the host's side. Implemented over SSH (ssh-host.ts) and by the demo
 * (demo-host.ts). The argv builders and the `ss` parser here are pure and tested exactly.
 */
import type { Duplex } from 'node:stream';

/** A container as the runbooks see it. */
export interface HostContainer {
  name: string;
  image: string;
  /** running, created, restarting, exited… */
  state: string;
  /** Published ports (host side) to container ports. */
  ports: { hostIp?: string; hostPort: number; containerPort: number }[];
  labels: Record<string, string>;
  restartCount?: number;
  /** The address on its first network, for probes from the host. */
  address?: string;
}

/** A listening TCP socket on the host, from `ss -Htlnp`. */
export interface HostListener {
  address: string;
  port: number;
  /** The process name, when ss may show it. */
  process?: string;
  pid?: number;
}

/** The result of a command on the host. */
export interface HostExec {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of every host call. */
export interface HostCallOptions {
  signal: AbortSignal;
  timeoutMs: number;
}

/** The Docker host as the runbooks use it. */
export interface TroubleshootHost {
  /** How evidence names this host's files, e.g. `host` or `demo`. */
  readonly label: string;
  /** A file's text, or undefined when it does not exist. */
  readFile(path: string, opts: HostCallOptions): Promise<string | undefined>;
  exec(argv: readonly string[], opts: HostCallOptions): Promise<HostExec>;
  containers(opts: HostCallOptions): Promise<HostContainer[]>;
  logs(name: string, tail: number, opts: HostCallOptions): Promise<string[]>;
  stop(name: string, opts: HostCallOptions): Promise<void>;
  start(name: string, opts: HostCallOptions): Promise<void>;
  /** A TCP stream to host:port as the Docker host reaches it. */
  dial(host: string, port: number, opts: HostCallOptions): Promise<Duplex>;
}

/** Reads a file on the host. */
export function catArgv(path: string): string[] {
  return ['cat', '--', path];
}

/** Lists listening TCP sockets with their processes, no header, numeric. */
export function ssArgv(): string[] {
  return ['ss', '-Htlnp'];
}

/** The effective nginx configuration of the gateway, every included file. */
export function nginxDumpArgv(container: string): string[] {
  return ['docker', 'exec', container, 'nginx', '-T'];
}

/** nginx's own syntax check inside the gateway. */
export function nginxTestArgv(container: string): string[] {
  return ['docker', 'exec', container, 'nginx', '-t'];
}

/** `docker-compose ps` of the project, for snapshots. */
export function composePsArgv(dir: string, file: string, project?: string): string[] {
  const argv = ['docker-compose', '--project-directory', dir, '-f', `${dir}/${file}`];
  if (project) argv.push('-p', project);
  return [...argv, 'ps'];
}

/** The command a user runs by hand to stop a container. */
export function dockerStopArgv(name: string): string[] {
  return ['docker', 'stop', name];
}

/**
 * Parses `ss -Htlnp`: `LISTEN 0 511 0.0.0.0:8002 0.0.0.0:* users:(("docker-proxy",pid=7,fd=4))`.
 * Lines that do not parse are skipped.
 */
export function parseSs(text: string): HostListener[] {
  const out: HostListener[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 4) continue;
    const local = cols[3]!;
    const colon = local.lastIndexOf(':');
    const port = Number(local.slice(colon + 1));
    if (colon < 0 || !Number.isInteger(port) || port <= 0) continue;
    const address = local.slice(0, colon).replace(/^\[|\]$/g, '').replace(/%.*$/, '');
    const listener: HostListener = { address, port };
    const users = /users:\(\("([^"]+)",pid=(\d+)/.exec(line);
    if (users) {
      listener.process = users[1];
      listener.pid = Number(users[2]);
    }

    out.push(listener);
  }

  return out;
}
