import { describe, expect, it } from 'vitest';
import { parseCli } from '../../src/cli/args.js';
import { openSession, type Session } from '../../src/cli/session.js';
import type { CommandContext } from '../../src/cli/run.js';
import { run } from '../../src/cli/commands/doctor.js';
import type { DoctorReport } from '../../src/workflows/runbooks/report.js';

async function doctor(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const args = parseCli(['doctor', '--demo', ...argv]);
  const out: string[] = [];
  const err: string[] = [];
  let opened: Promise<Session> | undefined;
  const ctx: CommandContext = {
    args, out: (l) => out.push(l), err: (l) => err.push(l),
    session: () => (opened ??= openSession(args)),
  };
  const code = await run(ctx);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function failingCodes(report: DoctorReport): string[] {
  return report.runbooks.flatMap((r) => r.steps.flatMap((s) => s.findings))
    .filter((f) => f.verdict === 'failing').map((f) => f.code).sort();
}

describe('cortex-ops doctor on the demo', () => {
  it('finds nothing failing on the healthy demo and exits 0', async () => {
    const { code, out } = await doctor(['--json']);
    const report = JSON.parse(out) as DoctorReport;
    expect(code).toBe(0);
    expect(report.overall).toBe('ok');
    expect(report.runbooks.map((r) => r.id)).toEqual([
      'edge-cert', 'cluster-port', 'port-collision', 'nginx-config', 'oidc-scheme',
      'ws-upgrade', 'backend',
    ]);
  });

  it('oidc-scheme: the $scheme line and the hop that flips to http', async () => {
    const { code, out } = await doctor(['--json', '--demo-fault', 'oidc-scheme']);
    const report = JSON.parse(out) as DoctorReport;
    expect(code).toBe(1);
    expect(failingCodes(report)).toEqual(['CX103', 'CX131']);
    const oidc = report.runbooks.find((r) => r.id === 'oidc-scheme')!;
    const cx103 = oidc.steps.flatMap((s) => s.findings).find((f) => f.code === 'CX103')!;
    expect(cx103.evidence[0]).toMatchObject({ line: 20,
      text: 'proxy_set_header X-Forwarded-Proto $scheme;' });
    const cx131 = oidc.steps.flatMap((s) => s.findings).find((f) => f.code === 'CX131')!;
    expect(cx131.detail).toBe('The login redirect is http at: gateway. The backend keeps https ' +
      'when asked directly, so nginx loses the scheme.');
  });

  it('ws-upgrade: the Connection line and a handshake that is not 101', async () => {
    const { code, out } = await doctor(['--json', '--demo-fault', 'ws-upgrade']);
    expect(code).toBe(1);
    const report = JSON.parse(out) as DoctorReport;
    expect(failingCodes(report)).toEqual(['CX207', 'CX231']);
  });

  it('port-collision: names the container that holds the gateway port', async () => {
    const { code, out } = await doctor(['--demo-fault', 'port-collision']);
    expect(code).toBe(1);
    expect(out).toMatch(/FAIL CX332 .*\n.*held by python3_11: unrelated container/);
    expect(out).toContain('run: docker stop python3_11 && docker start ai_unified_frontend');
  });

  it('cluster-port: the three ports and a guided fix; --readonly hides the fix', async () => {
    const { code, out } = await doctor(['--json', '--demo-fault', 'cluster-port']);
    expect(code).toBe(1);
    const report = JSON.parse(out) as DoctorReport;
    const cluster = report.runbooks.find((r) => r.id === 'cluster-port')!;
    expect(failingCodes(report)).toEqual(['CX402', 'CX405']);
    expect(cluster.fix?.automatic).toBe(true);
    expect(cluster.fix?.preview).toMatch(/^- +"portValue": \d+,?$/m);

    const ro = await doctor(['--json', '--readonly', '--demo-fault', 'cluster-port']);
    const roReport = JSON.parse(ro.out) as DoctorReport;
    expect(roReport.runbooks.some((r) => r.fix)).toBe(false);
    const text = await doctor(['--readonly', '--demo-fault', 'cluster-port']);
    expect(text.out).toContain('FAIL CX402');
    expect(text.out).not.toContain('guided fix:');
  });

  it('--strict turns warnings into exit 1', async () => {
    const plain = await doctor(['--json', '--demo-fault', 'port-collision']);
    const report = JSON.parse(plain.out) as DoctorReport;
    expect(report.summary.warning).toBeGreaterThan(0);
    const strict = await doctor(['--strict']);
    expect(strict.code).toBe(0);
  });

  it('rejects stray arguments as a usage error', async () => {
    await expect(doctor(['extra'])).rejects.toThrow(/doctor takes no arguments/);
  });
});
