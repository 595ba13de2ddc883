import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dockerVersion, releaseDocker } from '../../src/services/docker/api.js';
import { DockerUnreachableError } from '../../src/services/docker/errors.js';
import { SshConnection } from '../../src/services/ssh/connection.js';
import { startSshd, type Sshd } from '../support/sshd.js';

/** Failures of the dial-stdio transport; none of them needs a running dockerd. */
describe('Docker over SSH when the host cannot serve it', () => {
  let sshd: Sshd | undefined;
  let conn: SshConnection | undefined;

  async function connectWith(setEnv: Record<string, string>): Promise<SshConnection> {
    sshd = await startSshd({ setEnv });
    const knownHosts = join(sshd.dir, 'known_hosts');
    await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
    conn = new SshConnection({
      host: '127.0.0.1', hostname: '127.0.0.1', port: sshd.port, user: 'root',
      identityFile: sshd.clientKeyPath, identitiesOnly: true, knownHostsFile: knownHosts,
      agent: false, connectTimeoutSec: 5,
    }, { onUnknownHost: () => Promise.resolve(false) });
    return conn;
  }

  afterEach(async () => {
    if (conn) releaseDocker(conn);
    conn?.close();
    await sshd?.stop();
    conn = undefined;
    sshd = undefined;
  });

  it('explains a DOCKER_HOST that points nowhere', async () => {
    const c = await connectWith({ DOCKER_HOST: 'unix:///nonexistent/cortex/docker.sock' });
    const error = await dockerVersion(c).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DockerUnreachableError);
    expect((error as Error).message).toContain('/nonexistent/cortex/docker.sock');
    expect((error as Error).message).toContain('DOCKER_HOST');
    expect(c.channelStats).toEqual({ open: 0, waiting: 0 });
  });

  it('says so when the host has no docker CLI', async () => {
    const c = await connectWith({ PATH: '/nonexistent' });
    const error = await dockerVersion(c).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DockerUnreachableError);
    expect((error as Error).message).toContain('docker CLI is not installed');
  });
});
