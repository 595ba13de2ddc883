/**
 * The Logs tab's edge source on the lab: the lab's config names the stand-in's access log and
 * the SSH target follows it beside the containers' logs.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { openTarget } from '../../src/workflows/target.js';
import { logSources } from '../../src/workflows/sweep/log-follow.js';
import { request } from '../support/http.js';
import { ensureLabUp, labAvailable } from '../support/lab.js';

const lab = labAvailable();
if (!lab.ok) console.warn(`skipping test/lab/edge-log.test.ts: ${lab.reason}`);

describe.skipIf(!lab.ok)('the edge access log on the lab', () => {
  it('is a log source, and a request through the edge shows in it', async () => {
    const state = await ensureLabUp();
    const { config } = loadConfig(state.configPath);
    expect(config.edge.accessLog).toBe(path.join(state.dir, 'logs', 'edge-access.log'));
    const target = await openTarget(config, {},
      { kind: 'non-interactive', acceptNewHostKey: false });
    try {
      expect(logSources(config, target).map(([source]) => source))
        .toEqual(['gateway', 'backend', 'edge']);
      const marker = `/api/v1/health?edge-log-test=${Date.now()}`;
      const ca = await readFile(state.caFile, 'utf8');
      expect((await request(`https://localhost:${state.ports.edge}${marker}`, { ca })).status)
        .toBe(200);
      const lines = await target.recentLogs('edge-access', 20,
        { signal: AbortSignal.timeout(10_000), timeoutMs: 10_000 });
      expect(lines.some((l) => l.includes(`GET ${marker}`))).toBe(true);
    } finally {
      await target.close();
    }
  });
});
