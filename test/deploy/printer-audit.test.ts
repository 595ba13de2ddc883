import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/services/redact.js';
import {
  appendLocalHistory, auditLine, localHistoryFile, parseAudit, readLocalHistory,
  type AuditRecord,
} from '../../src/services/release/audit.js';
import { configSecrets } from '../../src/workflows/deploy/context.js';
import { printerSink } from '../../src/workflows/deploy/printer.js';
import { createDeployStore, storeSink } from '../../src/state/deploy.js';

const record: AuditRecord = {
  at: '2026-12-03T10:00:00Z', event: 'release', result: 'ok', who: 'ann', from: 'laptop',
  environment: 'prod', releaseId: 'R', durations: { sync: 1200 }, error: 'token s3cr3t-value',
};

describe('audit', () => {
  it('redacts known values in a line and parses it back', () => {
    const r = new Redactor().add(['s3cr3t-value']);
    const line = auditLine(record, (s) => r.redact(s));
    expect(line.endsWith('\n')).toBe(true);
    expect(line).not.toContain('s3cr3t-value');
    expect(parseAudit(`${line}not json\n${line}`)).toHaveLength(2);
  });

  it('keeps a local history under XDG_STATE_HOME', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cx-hist-'));
    const file = localHistoryFile({ XDG_STATE_HOME: dir });
    expect(file).toBe(join(dir, 'cortex-ops', 'history.jsonl'));
    await appendLocalHistory(auditLine(record, (s) => s), file);
    expect((await readLocalHistory(file))[0]!.releaseId).toBe('R');
    await rm(dir, { recursive: true, force: true });
  });

  it('finds secrets in config text: secret-sounding keys and URL passwords', () => {
    expect(configSecrets('api_token: abcd1234\nadminUrl: http://ops:pw-9999@h:1\nport: 22'))
      .toEqual(['abcd1234', 'pw-9999']);
  });
});

describe('printer sink', () => {
  it('prints readable lines with elapsed time', () => {
    const out: string[] = [];
    let t = 1000;
    const sink = printerSink((l) => out.push(l), false, () => t);
    sink.step('sync', 'running');
    t = 3500;
    sink.sync({ bytes: 2_000_000, percent: 50, rate: '1.00MB/s', eta: '0:00:02' });
    sink.step('sync', 'ok', '3 file(s) sent');
    expect(out).toEqual(['[sync] running', '  sync | 2.0 MB 50% 1.00MB/s eta 0:00:02',
      '[sync] ok (2.5 s): 3 file(s) sent']);
  });

  it('prints one JSON object per event', () => {
    const out: string[] = [];
    const sink = printerSink((l) => out.push(l), true, () => 0);
    sink.verify({ name: 'health', ok: true, detail: 'GET /api/v1/health -> 200' });
    expect(JSON.parse(out[0]!)).toEqual({ at: '1970-01-01T00:00:00.000Z', event: 'verify',
      name: 'health', ok: true, detail: 'GET /api/v1/health -> 200' });
  });
});

describe('deploy store sink', () => {
  it('records step times, keeps the last lines, replaces verify checks by name', () => {
    const store = createDeployStore();
    let t = 0;
    const sink = storeSink(store, () => t);
    sink.step('build', 'running');
    for (let i = 0; i < 40; i += 1) sink.line('build', `line ${i}`);
    t = 5000;
    sink.step('build', 'ok');
    sink.verify({ name: 'gateway', ok: false, detail: 'x' });
    sink.verify({ name: 'gateway', ok: true, detail: 'y' });
    const s = store.getState();
    expect(s.steps.build).toMatchObject({ state: 'ok', startedAt: 0, endedAt: 5000 });
    expect(s.steps.build.lines).toHaveLength(30);
    expect(s.steps.build.lines[29]).toBe('line 39');
    expect(s.verify).toEqual([{ name: 'gateway', ok: true, detail: 'y' }]);
  });
});
