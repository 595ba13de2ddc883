import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoFault, type DemoStack } from '../../src/demo/stack.js';
import { openTarget } from '../../src/workflows/target.js';
import { runSweep, type SweepReport } from '../../src/workflows/sweep/run.js';
import type { SweepMemory } from '../../src/workflows/sweep/facts.js';
import type { CheckResult } from '../../src/workflows/sweep/types.js';
import type { Target } from '../../src/workflows/sweep/target-types.js';
import { silentServer, type Loopback } from './loopback.js';

let demo: DemoStack;
let target: Target;
let memory: SweepMemory;

beforeAll(async () => {
  demo = await startDemoStack();
  target = await openTarget(demo.config, { demo },
    { kind: 'non-interactive', acceptNewHostKey: false });
  memory = {};
});

afterAll(async () => {
  await target.close();
  await demo.stop();
});

function sweep(config = demo.config, onCheck?: (r: CheckResult) => void): Promise<SweepReport> {
  return runSweep({ config, target, timeoutMs: 3000, memory }, { onCheck });
}

const byId = (r: SweepReport, id: string): CheckResult => r.checks.find((c) => c.id === id)!;
const failingIds = (r: SweepReport): string[] =>
  r.checks.filter((c) => c.status === 'failing').map((c) => c.id);

/** Sweeps until nothing fails (the stand-in keeps an outlier flag for one sweep). */
async function settle(): Promise<SweepReport> {
  let r = await sweep();
  if (failingIds(r).length) r = await sweep();
  return r;
}

describe('a sweep of the demo', () => {
  it('finds every pane healthy and the whole path answering', async () => {
    const r = await settle();
    expect(failingIds(r)).toEqual([]);
    for (const pane of ['edge', 'gateway', 'backend']) {
      const own = r.checks.filter((c) => c.pane === pane && c.id !== 'edge.cert');
      expect(own.every((c) => c.status === 'ok'), pane).toBe(true);
    }

    expect(r.path).toMatchObject({ status: 'ok', failingHop: null });
    expect(byId(r, 'edge.drift').words)
      .toMatch(/^cluster port (\d+) = the gateway's published \1$/);
    expect(byId(r, 'host.compose').words).toBe('v2 2.29.7 (docker compose)');
    expect(byId(r, 'edge.cert').status).toBe('unknown');
    for (const c of r.checks) expect(c.checkedAt).toBeGreaterThanOrEqual(r.startedAt);
  });

  const cases: [DemoFault, string, RegExp, RegExp][] = [
    ['oidc-scheme', 'gateway.login', /login redirects to http:\/\//,
      /^the backend answers but the gateway fails: login redirects to http:\/\//],
    ['ws-upgrade', 'gateway.ws', /upgrade answered 400 from nginx instead of 101/,
      /^the backend answers but the gateway fails: refuses WebSocket upgrades/],
    ['port-collision', 'gateway.root', /answers 404 from SimpleHTTP.*, not nginx/,
      new RegExp('^the backend answers but the gateway fails: ' +
        'container ai_unified_frontend is created, not running')],
    ['cluster-port', 'edge.drift',
      /^the cluster points at port \d+ while the gateway publishes \d+$/,
      new RegExp('^the gateway answers but the edge returns 503 from envoy because ' +
        'the cluster points at port \\d+ while the gateway publishes \\d+$')],
  ];

  for (const [fault, check, words, verdict] of cases) {
    it(`${fault}: ${check} fails with the right words, and recovers`, async () => {
      await demo.setFault(fault, true);
      try {
        const r = await sweep();
        expect(byId(r, check)).toMatchObject({ status: 'failing' });
        expect(byId(r, check).words).toMatch(words);
        expect(r.path.status).toBe('failing');
        expect(r.path.verdict).toMatch(verdict);
      } finally {
        await demo.setFault(fault, false);
      }

      const back = await settle();
      expect(failingIds(back)).toEqual([]);
      expect(back.path.status).toBe('ok');
    });
  }
});

describe('a control plane that never answers', () => {
  let silent: Loopback;
  beforeAll(async () => {
    silent = await silentServer();
  });
  afterAll(async () => {
    await silent.stop();
  });

  it('fails only its own checks, after every other check has arrived', async () => {
    const config = { ...demo.config, edge: { ...demo.config.edge, controlPlaneUrl: silent.url } };
    const order: string[] = [];
    const r = await runSweep({ config, target, timeoutMs: 400, memory: {} },
      { onCheck: (c) => order.push(c.id) });
    const control = byId(r, 'edge.control');
    expect(control.status).toBe('failing');
    expect(control.words).toMatch(/no answer from 127\.0\.0\.1:\d+ within 400 ms/);
    // drift waits on the control plane too; everything else arrived before either.
    expect(order.slice(-2).sort()).toEqual(['edge.control', 'edge.drift']);
    expect(byId(r, 'gateway.root').status).toBe('ok');
    expect(r.path.hops.find((h) => h.hop === 'edge')?.status).toBe('warning');
  });
});
