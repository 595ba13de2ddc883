/**
 * Regression: a fast command's exit status used to be lost (code null) when it arrived before
 * the caller attached its listener, which the lab's relay made happen a few times in thirty.
 */
import { describe, expect, it } from 'vitest';
import { SshConnection } from '../../src/services/ssh/connection.js';
import { ensureLabUp, labAvailable } from '../support/lab.js';

const lab = labAvailable();
if (!lab.ok) console.warn(`skipping test/lab/ssh-exit-status.test.ts: ${lab.reason}`);

describe.skipIf(!lab.ok)('exit status over the lab\'s relay', () => {
  it('is kept for every fast command, the first on a new connection included', async () => {
    const state = await ensureLabUp();
    const codes: (number | null)[] = [];
    for (let i = 0; i < 30; i += 1) {
      const conn = new SshConnection({
        host: '127.0.0.1', hostname: '127.0.0.1', port: state.ports.ssh, user: state.user,
        identityFile: state.identityFile, identitiesOnly: true,
        knownHostsFile: state.knownHostsFile, agent: false, connectTimeoutSec: 10,
      }, { onUnknownHost: async () => false });
      try {
        const results = await Promise.all([
          conn.exec(['true']), conn.exec(['sh', '-c', 'exit 7']), conn.exec(['false']),
        ]);
        codes.push(...results.map((r) => r.code));
      } finally {
        conn.close();
      }
    }

    expect(codes.filter((c) => c === null)).toEqual([]);
    expect(codes.slice(0, 3)).toEqual([0, 7, 1]);
  });
});
