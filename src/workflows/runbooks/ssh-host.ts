/**
 * The Docker host over SSH: files read with `cat`, commands run as argument arrays, Docker
 * reached through the same connection (dockerode over `docker system dial-stdio`), and TCP
 * streams opened from the host's side with a direct-tcpip channel.
 */
import type { Duplex } from 'node:stream';
import type { SshConnection } from '../../services/ssh/connection.js';
import { inspectContainer, listContainers } from '../../services/docker/api.js';
import { containerLogs } from '../../services/docker/logs.js';
import {
  catArgv, type HostCallOptions, type HostContainer, type HostExec, type TroubleshootHost,
} from './host.js';

/** A command on the host that failed in a way the user can act on. */
export class HostCommandError extends Error {
  override name = 'HostCommandError';
  readonly userFacing = true;
}

/** A TroubleshootHost over one shared SSH connection. */
export class SshHost implements TroubleshootHost {
  readonly label: string;

  constructor(private readonly conn: SshConnection) {
    this.label = conn.target.hostname;
  }

  async readFile(path: string, opts: HostCallOptions): Promise<string | undefined> {
    const res = await this.exec(catArgv(path), opts);
    if (res.code === 0) return res.stdout;
    if (/No such file/i.test(res.stderr)) return undefined;
    throw new HostCommandError(`cat ${path} on ${this.label}: ` +
      `${res.stderr.trim().split('\n')[0] ?? `exit ${res.code}`}`);
  }

  async exec(argv: readonly string[], opts: HostCallOptions): Promise<HostExec> {
    const res = await this.conn.exec(argv, { signal: opts.signal, timeoutMs: opts.timeoutMs });
    return { code: res.code, stdout: res.stdout, stderr: res.stderr };
  }

  async containers(opts: HostCallOptions): Promise<HostContainer[]> {
    const rows = await listContainers(this.conn, { ...opts, all: true });
    const out: HostContainer[] = [];
    // One at a time: each inspect is a request on the same dial-stdio tunnel.
    for (const row of rows) {
      const name = row.names[0] ?? row.id.slice(0, 12);
      const details = await inspectContainer(this.conn, name, opts).catch(() => undefined);
      const ports = row.ports.filter((p) => p.hostPort !== undefined).map((p) => ({
        hostIp: p.hostIp, hostPort: p.hostPort!, containerPort: p.containerPort,
      }));
      out.push({
        name, image: row.image, state: row.state, ports, labels: row.labels,
        restartCount: details?.restartCount,
        address: Object.values(details?.networks ?? {}).find((a) => a) || undefined,
      });
    }

    return out;
  }

  async logs(name: string, tail: number, opts: HostCallOptions): Promise<string[]> {
    const lines = await containerLogs(this.conn, name, { ...opts, tail });
    return lines.map((l) => l.text);
  }

  async stop(name: string, opts: HostCallOptions): Promise<void> {
    await this.docker(['stop', name], opts);
  }

  async start(name: string, opts: HostCallOptions): Promise<void> {
    await this.docker(['start', name], opts);
  }

  dial(host: string, port: number, opts: HostCallOptions): Promise<Duplex> {
    return this.conn.forwardOut(host, port, opts.signal);
  }

  private async docker(args: string[], opts: HostCallOptions): Promise<void> {
    const res = await this.exec(['docker', ...args], opts);
    if (res.code !== 0) {
      throw new HostCommandError(`docker ${args.join(' ')} on ${this.label}: ` +
        `${res.stderr.trim().split('\n')[0] ?? `exit ${res.code}`}`);
    }
  }
}
