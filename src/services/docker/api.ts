/**
 * Docker Engine API calls over the shared SSH connection (see dial-stdio.ts), each with a
 * timeout and an AbortSignal, returning plain data shaped for the dashboard and workflows.
 */
import Docker from 'dockerode';
import type { SshConnection } from '../ssh/connection.js';
import { SshError } from '../ssh/errors.js';
import { DialStdioAgent } from './dial-stdio.js';
import {
  ContainerNotFoundError, DockerError, DockerTimeoutError, DockerUnreachableError,
} from './errors.js';

/** Limits every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Milliseconds before the call fails with DockerTimeoutError; default 10 000. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const clients = new WeakMap<SshConnection, Docker>();

/** The dockerode client bound to a connection (one per connection, with its own agent). */
export function dockerFor(conn: SshConnection): Docker {
  let docker = clients.get(conn);
  if (!docker) {
    // host/port only shape the request line; every byte goes through the agent's sockets.
    docker = new Docker({ host: 'docker', port: 80, protocol: 'http',
      agent: new DialStdioAgent(conn) } as Docker.DockerOptions);
    clients.set(conn, docker);
  }

  return docker;
}

/** Close a connection's idle Docker API channels (call before closing the connection). */
export function releaseDocker(conn: SshConnection): void {
  const docker = clients.get(conn);
  const agent = (docker?.modem as { agent?: DialStdioAgent } | undefined)?.agent;
  agent?.destroy();
  clients.delete(conn);
}

/**
 * Run one API call with a deadline, mapping transport failures to typed errors. The
 * caller's abort rejects with the signal's reason.
 */
export async function dockerCall<T>(
  conn: SshConnection, what: string, opts: CallOptions,
  call: (docker: Docker, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
  try {
    return await call(dockerFor(conn), signal);
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (deadline.aborted) throw new DockerTimeoutError(conn.target.hostname, what, timeoutMs);
    throw translateDockerError(err, conn.target.hostname);
  }
}

/** Map a transport failure to a typed error; anything else is returned as it is. */
export function translateDockerError(err: unknown, host: string): unknown {
  if (err instanceof DockerError || err instanceof SshError) return err;
  const e = err as { code?: string; message?: string };
  if (e.code === 'ECONNRESET' || /socket hang up/i.test(e.message ?? '')) {
    return DockerUnreachableError.fromHangUp(host);
  }

  return err;
}

/** dockerode takes `{abortSignal}` on version() and info(), but its types do not say so. */
function withSignal<T>(docker: Docker, method: unknown, signal: AbortSignal): Promise<T> {
  const call = method as (this: Docker, opts: { abortSignal: AbortSignal }) => Promise<T>;
  return call.call(docker, { abortSignal: signal });
}

/** A published port: `hostPort` on `hostIp` forwards to `containerPort`. */
export interface PortBinding {
  containerPort: number;
  protocol: string;
  hostIp?: string;
  hostPort?: number;
}

/** One row of `docker ps`. */
export interface ContainerSummary {
  id: string;
  /** Names without the leading slash. */
  names: string[];
  image: string;
  /** created, running, restarting, exited, paused, dead… */
  state: string;
  /** Docker's own words, such as `Up 3 minutes (healthy)`. */
  status: string;
  ports: PortBinding[];
  labels: Record<string, string>;
}

/** Containers on the host; stopped ones too with `all`. */
export async function listContainers(
  conn: SshConnection, opts: CallOptions & { all?: boolean } = {},
): Promise<ContainerSummary[]> {
  const rows = await dockerCall(conn, 'the container list', opts,
    (docker, signal) => docker.listContainers({ all: opts.all ?? false, abortSignal: signal }));
  return rows.map((row) => ({
    id: row.Id,
    names: row.Names.map((n) => n.replace(/^\//, '')),
    image: row.Image,
    state: row.State,
    status: row.Status,
    ports: row.Ports.map((p) => ({
      containerPort: p.PrivatePort, protocol: p.Type, hostIp: p.IP || undefined,
      hostPort: p.PublicPort || undefined,
    })),
    labels: row.Labels ?? {},
  }));
}

/** What `docker inspect` says about a container, reduced to what operators look at. */
export interface ContainerDetails {
  id: string;
  name: string;
  image: string;
  /** created, running, restarting, exited, paused, dead… */
  state: string;
  running: boolean;
  /** starting, healthy or unhealthy; absent without a HEALTHCHECK. */
  health?: string;
  restartCount: number;
  startedAt: string;
  finishedAt: string;
  exitCode: number;
  oomKilled: boolean;
  /** Docker's error for the last start, if any. */
  error?: string;
  tty: boolean;
  ports: PortBinding[];
  /** Network name -> the container's address on it (for probes through the host). */
  networks: Record<string, string>;
  labels: Record<string, string>;
}

/** Inspect one container; ContainerNotFoundError when there is none by that name. */
export async function inspectContainer(
  conn: SshConnection, name: string, opts: CallOptions = {},
): Promise<ContainerDetails> {
  const info = await dockerCall(conn, `inspect ${name}`, opts, async (docker, signal) => {
    try {
      return await docker.getContainer(name).inspect({ abortSignal: signal });
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) {
        throw new ContainerNotFoundError(conn.target.hostname, name);
      }
      throw err;
    }
  });

  return toDetails(info);
}

function toDetails(info: Docker.ContainerInspectInfo): ContainerDetails {
  const state = info.State;
  const networks: Record<string, string> = {};
  for (const [net, value] of Object.entries(info.NetworkSettings?.Networks ?? {})) {
    networks[net] = value.IPAddress;
  }

  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: info.Config?.Image ?? info.Image,
    state: state.Status,
    running: state.Running,
    health: state.Health?.Status,
    restartCount: info.RestartCount,
    startedAt: state.StartedAt,
    finishedAt: state.FinishedAt,
    exitCode: state.ExitCode,
    oomKilled: state.OOMKilled,
    error: state.Error || undefined,
    tty: info.Config?.Tty ?? false,
    ports: publishedPorts(info.NetworkSettings?.Ports ?? {}),
    networks,
    labels: info.Config?.Labels ?? {},
  };
}

type PortMap = Record<string, Array<{ HostIp: string; HostPort: string }> | null>;

/** Flatten inspect's `"80/tcp": [{HostIp, HostPort}]` map; unpublished ports appear bare. */
export function publishedPorts(map: PortMap): PortBinding[] {
  const out: PortBinding[] = [];
  for (const [key, bindings] of Object.entries(map)) {
    const [port = '0', protocol = 'tcp'] = key.split('/');
    const containerPort = Number(port);
    if (!bindings || bindings.length === 0) {
      out.push({ containerPort, protocol });
      continue;
    }

    for (const b of bindings) {
      out.push({ containerPort, protocol, hostIp: b.HostIp || undefined,
        hostPort: b.HostPort ? Number(b.HostPort) : undefined });
    }
  }

  return out;
}

/** The daemon's version facts. */
export interface DockerVersion {
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
  kernelVersion: string;
}

export async function dockerVersion(
  conn: SshConnection, opts: CallOptions = {},
): Promise<DockerVersion> {
  const v = await dockerCall(conn, 'the version request', opts,
    (docker, signal) => withSignal<Docker.DockerVersion>(docker, docker.version, signal));
  return { version: v.Version, apiVersion: v.ApiVersion, os: v.Os, arch: v.Arch,
    kernelVersion: v.KernelVersion };
}

/** The daemon facts the dashboard and deploy checks use. */
export interface DockerInfo {
  name: string;
  serverVersion: string;
  /** Where images and containers live: its free space decides whether a build fits. */
  dockerRootDir: string;
  containers: number;
  containersRunning: number;
  operatingSystem: string;
}

export async function dockerInfo(conn: SshConnection, opts: CallOptions = {}): Promise<DockerInfo> {
  const info = await dockerCall(conn, 'the info request', opts,
    (docker, signal) => withSignal<Record<string, unknown>>(docker, docker.info, signal));
  return {
    name: String(info.Name ?? ''),
    serverVersion: String(info.ServerVersion ?? ''),
    dockerRootDir: String(info.DockerRootDir ?? ''),
    containers: Number(info.Containers ?? 0),
    containersRunning: Number(info.ContainersRunning ?? 0),
    operatingSystem: String(info.OperatingSystem ?? ''),
  };
}
