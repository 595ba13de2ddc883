import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleBuilt, REPO, runBinary } from '../support/binary.js';

const example = readFileSync(path.join(REPO, 'examples/cortex-hub.yaml'), 'utf8');

describe.skipIf(!bundleBuilt())('the built binary', () => {
  it('prints one line naming file:line:col and the field for a bad config, exit 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-bad-'));
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, example.replace('  port: 8002', '  port: "8002x"'));
    const r = await runBinary(['--config', file, 'status']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr)
      .toBe(`cortex-ops: ${file}:16:3: gateway.port: expected a number, got "8002x"\n`);
  });

  it('refuses an unknown command or option with exit 2 and no stack', async () => {
    const r = await runBinary(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const o = await runBinary(['status', '--no-such-flag']);
    expect(o.code).toBe(2);
    expect(o.stderr).not.toContain('    at ');
  });

  it('prints its version and help', async () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    expect((await runBinary(['--version'])).stdout.trim()).toBe(pkg.version);
    const help = await runBinary(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout)
      .toContain('Exit codes: 0 healthy, 1 problems found, 2 usage or config error');
  });

  it('prints the config JSON Schema for editors', async () => {
    const r = await runBinary(['schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.properties.gateway.properties.port.type).toBe('integer');
    expect(schema.required).toEqual(expect.arrayContaining(['edge', 'gateway', 'ssh', 'project']));
  });

  it('status --demo --json prints JSON and exits 0 on the healthy demo', async () => {
    const r = await runBinary(['status', '--demo', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ mode: 'demo' });
  });

  it('refuses to open the console without a terminal, pointing at the plain commands', async () => {
    const r = await runBinary(['--demo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('status --json');
  });
});
