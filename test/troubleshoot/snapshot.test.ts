import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { tarGz } from '../../src/workflows/snapshot/tar.js';
import { writeSnapshot } from '../../src/workflows/snapshot/index.js';
import { redactJson } from '../../src/workflows/snapshot/collect.js';
import { startDemoStack, type DemoStack } from '../../src/demo/stack.js';
import { DemoHost } from '../../src/workflows/runbooks/demo-host.js';
import { openTroubleshoot } from '../../src/workflows/runbooks/context.js';

const run = promisify(execFile);
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cx-snap-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function extract(archive: string): Promise<Map<string, string>> {
  const out = path.join(dir, 'x');
  await run('mkdir', ['-p', out]);
  await run('tar', ['-xzf', archive, '-C', out]);
  const files = new Map<string, string>();
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else files.set(path.relative(out, full).split('/').slice(1).join('/'),
        await readFile(full, 'utf8'));
    }
  };
  await walk(out);
  return files;
}

describe('the tar writer', () => {
  it('writes archives the system tar reads back exactly', async () => {
    const big = 'x'.repeat(1300);
    const archive = path.join(dir, 'a.tar.gz');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(archive, tarGz([
      { name: 'snap/a.txt', data: 'hello\n' }, { name: 'snap/sub/b.txt', data: big },
      { name: 'snap/empty', data: '' },
    ]));
    const files = await extract(archive);
    expect(Object.fromEntries(files)).toEqual({ 'a.txt': 'hello\n', 'sub/b.txt': big,
      empty: '' });
  });
});

describe('redactJson', () => {
  it('replaces strings under secret keys at any depth', () => {
    expect(redactJson({ a: { private_key: { inline_string: 'K' } }, name: 'n',
      list: [{ token: 't' }] })).toEqual({ a: { private_key: { inline_string: '[redacted]' } },
      name: 'n', list: [{ token: '[redacted]' }] });
  });
});

describe('a snapshot of the demo', () => {
  let demo: DemoStack;
  const canary = 'canary-Zq83kT1-secret-value';

  beforeEach(async () => {
    demo = await startDemoStack();
  });

  afterEach(async () => {
    await demo.stop();
  });

  it('holds every part and none of the planted secrets', async () => {
    class PlantedHost extends DemoHost {
      override async readFile(p: string): Promise<string | undefined> {
        if (p.endsWith('/.env')) return `OIDC_CLIENT_SECRET=${canary}\nPLAIN=${canary}-2\n`;
        return super.readFile(p);
      }
    }
    demo.containers.log('ai_hub_service', `INFO: connecting with ${canary} and ${canary}-2`);
    await demo.setFault('cluster-port', true);
    const ctx = await openTroubleshoot({ config: demo.config, demo,
      host: new PlantedHost(demo), backupDir: dir });
    const file = await writeSnapshot(ctx, { signal: new AbortController().signal,
      output: path.join(dir, 'snap.tar.gz') });
    const files = await extract(file);
    expect([...files.keys()].sort()).toEqual([
      'compose-ps.txt', 'containers.json', 'doctor.json', 'doctor.txt',
      'envoy/clusters.json', 'envoy/config_dump.json', 'envoy/control-plane-cluster.json',
      'envoy/server_info.json', 'logs/ai_hub_service.log', 'logs/ai_unified_frontend.log',
      'manifest.json', 'nginx-T.txt', 'versions.txt',
    ]);
    for (const [name, text] of files) expect(text, name).not.toContain(canary);
    expect(files.get('logs/ai_hub_service.log')).toContain('connecting with [redacted]');
    expect(files.get('doctor.txt')).toContain('FAIL CX402');
    expect(files.get('nginx-T.txt')).toContain('proxy_set_header X-Forwarded-Proto');
    expect(files.get('envoy/control-plane-cluster.json')).toContain('"portValue"');
  });
});
