/**
 * Docker over SSH against the lab: the lab's own sshd (through its relay) and dockerd,
 * reached with the lab's cortex-ops config. Answers are compared with the real docker CLI
 * talking to the same daemon through its local socket.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, type Config } from '../../src/config/schema.js';
import {
  dockerInfo, dockerVersion, inspectContainer, listContainers, releaseDocker,
} from '../../src/services/docker/api.js';
import { ContainerNotFoundError } from '../../src/services/docker/errors.js';
import { containerLogs, type LogLine } from '../../src/services/docker/logs.js';
import { SshConnection, nonInteractiveHostPolicy } from '../../src/services/ssh/connection.js';
import { resolveTarget } from '../../src/services/ssh/ssh-config.js';

const run = promisify(execFile);
const labDir = process.env.CORTEX_LAB_DIR ?? '/var/lib/cortex-ops-lab';
const configPath = join(labDir, 'cortex-ops.lab.yaml');
const factsPath = join(labDir, 'lab.json');
const available = existsSync(configPath) && existsSync(factsPath);
if (!available) {
  console.warn(`skipping test/lab/docker.test.ts: no lab at ${labDir} (run lab/up.sh)`);
}

/** The docker CLI on this machine, talking to the lab's daemon over its local socket. */
async function localDockerOutput(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const facts = JSON.parse(readFileSync(factsPath, 'utf8')) as { dockerHost: string };
  return run('docker', args, { env: { ...process.env, DOCKER_HOST: facts.dockerHost } });
}

async function localDocker(args: string[]): Promise<string> {
  return (await localDockerOutput(args)).stdout;
}

function httpGet(stream: NodeJS.ReadWriteStream, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ path, createConnection: () => stream as never }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!available)('Docker over SSH against the lab', () => {
  let config: Config;
  let conn: SshConnection;

  beforeAll(() => {
    config = configSchema.parse(parse(readFileSync(configPath, 'utf8')));
    conn = new SshConnection(resolveTarget(config.ssh, ''), {
      onUnknownHost: nonInteractiveHostPolicy(false),
    });
  });

  afterAll(() => {
    releaseDocker(conn);
    conn.close();
  });

  it('reports the same daemon as the local docker CLI', async () => {
    const [version, info] = await Promise.all([dockerVersion(conn), dockerInfo(conn)]);
    const local = await localDocker(['info', '--format', '{{.DockerRootDir}} {{.ServerVersion}}']);
    expect(`${info.dockerRootDir} ${info.serverVersion}`).toBe(local.trim());
    expect(version.version).toBe(info.serverVersion);
  });

  it('lists the same containers as docker ps', async () => {
    const rows = await listContainers(conn, { all: true });
    const local = await localDocker(['ps', '-a', '--format', '{{.Names}}']);
    const names = local.split('\n').filter(Boolean).sort();
    expect(rows.flatMap((r) => r.names).sort()).toEqual(names);
    expect(rows.flatMap((r) => r.names)).toEqual(
      expect.arrayContaining([config.gateway.container, config.backend.container]));
  });

  it('inspects the gateway and the backend', async () => {
    const gateway = await inspectContainer(conn, config.gateway.container);
    expect(gateway).toMatchObject({ name: config.gateway.container, running: true,
      state: 'running' });
    expect(gateway.ports).toContainEqual(expect.objectContaining(
      { containerPort: 80, protocol: 'tcp', hostPort: config.gateway.port }));
    const started = await localDocker(['inspect', '--format', '{{.State.StartedAt}} ' +
      '{{.RestartCount}}', config.gateway.container]);
    expect(`${gateway.startedAt} ${gateway.restartCount}`).toBe(started.trim());

    const backend = await inspectContainer(conn, config.backend.container);
    expect(backend.ports).toEqual([{ containerPort: config.backend.port, protocol: 'tcp' }]);
  });

  it('refuses a container that does not exist with a typed error', async () => {
    await expect(inspectContainer(conn, 'cortex-no-such-container'))
      .rejects.toBeInstanceOf(ContainerNotFoundError);
  });

  it('reads the last log lines like docker logs --tail', async () => {
    const lines = await containerLogs(conn, config.backend.container, { tail: 5 });
    const { stdout, stderr } = await localDockerOutput(['logs', '--tail', '5',
      config.backend.container]);
    const text = (s: string): string[] => s.split('\n').filter(Boolean).sort();
    expect(lines.map((l) => l.text).sort()).toEqual(text(stdout + stderr));
  });

  it('follows the gateway log until aborted', async () => {
    const marker = `/cortex-follow-${process.pid}-${Date.now()}`;
    const controller = new AbortController();
    const seen: LogLine[] = [];
    const following = containerLogs(conn, config.gateway.container, {
      tail: 0, follow: true, signal: controller.signal,
      onLine: (line) => {
        seen.push(line);
        if (line.text.includes(marker)) controller.abort();
      },
    });

    for (let i = 0; i < 50 && !controller.signal.aborted; i += 1) {
      await fetch(`http://127.0.0.1:${config.gateway.port}${marker}`).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    await following;
    expect(seen.some((l) => l.text.includes(marker))).toBe(true);
  });

  it('reaches the backend on its internal port through forwardOut', async () => {
    const backend = await inspectContainer(conn, config.backend.container);
    const address = Object.values(backend.networks).find(Boolean);
    expect(address).toBeTruthy();
    const stream = await conn.forwardOut(address ?? '', config.backend.port);
    expect(await httpGet(stream, config.backend.healthPath)).toBe(200);
  });

  it('serves many concurrent API calls over a few kept-alive channels', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => listContainers(conn)));
    expect(new Set(results.map((r) => r.length)).size).toBe(1);
    expect(conn.channelStats.open).toBeLessThanOrEqual(4);
    expect(conn.channelStats.waiting).toBe(0);
  });
});
