import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promptsStore } from '../../src/state/prompts.js';
import { hostKeyHandler } from '../../src/workflows/target.js';
import { SshConnection } from '../../src/services/ssh/connection.js';
import { keygenFingerprint, startSshd, type Sshd } from '../support/sshd.js';
import { renderShell, settle } from '../support/console.js';

let sshd: Sshd;
let dir: string;
let cleanup: (() => void) | undefined;

beforeAll(async () => {
  sshd = await startSshd();
  dir = await mkdtemp(join(tmpdir(), 'cortex-hostkey-'));
});

afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

afterAll(async () => {
  await sshd.stop();
  await rm(dir, { recursive: true, force: true });
});

function connection(knownHosts: string, answer: AbortSignal): SshConnection {
  return new SshConnection({
    host: '127.0.0.1', hostname: '127.0.0.1', port: sshd.port, user: 'root',
    identityFile: sshd.clientKeyPath, identitiesOnly: true, knownHostsFile: knownHosts,
    agent: false, connectTimeoutSec: 20,
  }, { onUnknownHost: hostKeyHandler({ kind: 'interactive' }, answer) });
}

describe('an unknown host key in the console', () => {
  it('is shown with its SHA256 fingerprint; y trusts and records it', async () => {
    const view = renderShell();
    cleanup = view.unmount;
    const kh = join(dir, 'kh-yes');
    await writeFile(kh, '');
    const conn = connection(kh, new AbortController().signal);
    const connected = conn.connect();
    let frame = '';
    for (let i = 0; i < 200 && !frame.includes('Unknown SSH host key'); i++) {
      await settle(50);
      frame = view.lastFrame() ?? '';
    }

    const fingerprint = await keygenFingerprint(sshd.hostKeyPubPath);
    expect(frame).toContain(`[127.0.0.1]:${sshd.port} is not in known_hosts`);
    expect(frame).toContain(fingerprint);
    expect(frame.split('\n').at(-1)).toContain('y trust key');
    view.stdin.write('y');
    await connected;
    conn.close();
    expect(await readFile(kh, 'utf8')).toContain(sshd.hostKeyPub.split(' ')[1]);
    await settle();
    expect(view.lastFrame()).not.toContain('Unknown SSH host key');
  });

  it('n refuses it and leaves known_hosts alone', async () => {
    const view = renderShell();
    cleanup = view.unmount;
    const kh = join(dir, 'kh-no');
    await writeFile(kh, '');
    const conn = connection(kh, new AbortController().signal);
    const connected = conn.connect().then(() => undefined, (e: unknown) => e);
    for (let i = 0; i < 200 && promptsStore.getState().questions.length === 0; i++) {
      await settle(50);
    }

    await settle();
    view.stdin.write('n');
    const err = await connected;
    conn.close();
    expect((err as Error).name).toBe('HostKeyUnknownError');
    expect(await readFile(kh, 'utf8')).toBe('');
  });
});
