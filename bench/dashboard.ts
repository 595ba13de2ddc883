/**
 * Dashboard benchmark. Prints its figures, then as its last line one JSON object:
 *   sweep_ratio          a sweep of 200 loopback targets with varied delays, divided by the
 *                        slowest single probe run alone (budget <= 1.2)
 *   idle_bytes_per_s     bytes the idle dashboard (demo) writes to a real pseudo-terminal per
 *                        second, 80x24 (budget <= 2048)
 *   log_max_frame_gap_ms the longest gap between frames while the log pane is fed 10,000
 *                        lines/s for 10 s (budget <= 50)
 *   log_peak_mib         the process's peak resident memory during that feed
 * No assertions: the figures are for people and for scripts/bench-all.mjs.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import React from 'react';
import { render } from 'ink';
import { httpProbe } from '../src/services/probes/http.js';
import { bounded, Facts } from '../src/workflows/sweep/facts.js';
import { runChecks } from '../src/workflows/sweep/run.js';
import type { CheckDef } from '../src/workflows/sweep/words.js';
import { LogBuffer } from '../src/state/logs.js';
import { createAppStore } from '../src/state/app.js';
import { KeyBus } from '../src/ui/keys.js';
import { detectTheme } from '../src/ui/theme.js';
import { ConsoleProvider } from '../src/components/context.js';
import { LogsView } from '../src/screens/logs.js';
import { MAX_FPS as CONSOLE_MAX_FPS } from '../src/ui/render-settings.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const TARGETS = 200;
const IDLE_WARMUP_S = Number(process.env.BENCH_IDLE_WARMUP_S ?? 6);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const LOG_RATE = 10_000;
const LOG_SECONDS = Number(process.env.BENCH_LOG_SECONDS ?? 10);
/** The console's own frame cap (src/ui/render-settings.ts); BENCH_MAX_FPS overrides it. */
const MAX_FPS = Number(process.env.BENCH_MAX_FPS ?? CONSOLE_MAX_FPS);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A deterministic spread of delays between 20 and 600 ms. */
function delays(n: number): number[] {
  let seed = 7;
  return Array.from({ length: n }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return 20 + (seed % 581);
  });
}

/** Serves each delay on its own loopback port, in a child process of its own. */
const SERVERS_JS = `
const http = require('node:http');
const delays = JSON.parse(process.argv[1]);
Promise.all(delays.map((ms) => new Promise((resolve) => {
  const s = http.createServer((q, r) => setTimeout(() => r.end('ok'), ms));
  s.listen(0, '127.0.0.1', () => resolve(s.address().port));
}))).then((ports) => process.stdout.write(JSON.stringify(ports) + '\\n'));
`;

async function delayedServers(ds: number[]): Promise<{ urls: string[]; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', SERVERS_JS, JSON.stringify(ds)],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      if (buf.includes('\n')) resolve(buf);
    });
    child.once('exit', () => reject(new Error('the loopback servers exited')));
  });
  const ports = JSON.parse(line) as number[];
  return { urls: ports.map((p) => `http://127.0.0.1:${p}/`), stop: () => child.kill() };
}

async function sweepRatio(): Promise<number> {
  const ds = delays(TARGETS);
  const servers = await delayedServers(ds);
  try {
    const probe = (url: string) => bounded(url, 5000, undefined,
      (signal) => httpProbe(url, { signal, timeoutMs: 5000 }));
    const slowest = servers.urls[ds.indexOf(Math.max(...ds))]!;
    await Promise.all(servers.urls.map(probe));
    let alone = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await probe(slowest);
      alone = Math.min(alone, performance.now() - t0);
    }

    const defs: CheckDef[] = servers.urls.map((url, i) => ({
      id: `bench.t${i}`, pane: 'edge', label: `t${i}`,
      run: async () => {
        const o = await probe(url);
        return { status: o.ok ? 'ok' : 'failing', words: '', latencyMs: o.ms };
      },
    }));
    const facts = { o: {} } as unknown as Facts;
    let sweep = Infinity;
    let failed = 0;
    for (let i = 0; i < 3; i++) {
      const t1 = performance.now();
      const results = await runChecks(defs, facts);
      sweep = Math.min(sweep, performance.now() - t1);
      failed = Math.max(failed, results.filter((r) => r.status !== 'ok').length);
    }

    console.log(`sweep of ${TARGETS} loopback targets (delays 20-600 ms): ${sweep.toFixed(0)} ms` +
      `; slowest probe alone: ${alone.toFixed(0)} ms; failed probes: ${failed} (best of 3 each)`);
    return sweep / alone;
  } finally {
    servers.stop();
  }
}

/** The console on the demo, for when the built binary does not poll (see the report). */
async function consoleChild(): Promise<void> {
  const { startDemoStack } = await import('../src/demo/stack.js');
  const { setConsoleSession } = await import('../src/workflows/target.js');
  const { runConsole } = await import('../src/console.js');
  const demo = await startDemoStack();
  setConsoleSession({ demo });
  const code = await runConsole({ config: demo.config, session: {
    mode: 'demo', environment: 'demo', target: 'demo stack on loopback', production: false,
    readonly: false } });
  await demo.stop();
  process.exit(code);
}

/** Bytes a command writes to an 80x24 pty after warming up, and the last screenful. */
function ptyBytes(command: string): Promise<{ perSecond: number; tail: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', `stty cols 80 rows 24; exec ${command}`, '/dev/null'], {
      cwd: REPO, env: { ...process.env, TERM: 'xterm-256color', LANG: 'C.UTF-8' },
      stdio: ['pipe', 'pipe', 'ignore'], detached: true,
    });
    let counting = false;
    let bytes = 0;
    let tail = '';
    child.stdout!.on('data', (c: Buffer) => {
      if (counting) bytes += c.length;
      tail = (tail + c.toString('utf8')).slice(-20_000);
    });
    child.on('error', reject);
    setTimeout(() => {
      counting = true;
      setTimeout(() => {
        counting = false;
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {
          // already gone
        }
        resolve({ perSecond: bytes / IDLE_SECONDS, tail });
      }, IDLE_SECONDS * 1000);
    }, IDLE_WARMUP_S * 1000);
  });
}

async function idleBytes(): Promise<number> {
  const binary = `${process.execPath} ${REPO}bin/cortex-ops --demo`;
  if (existsSync(`${REPO}dist/cli.js`)) {
    const r = await ptyBytes(binary);
    // An older bundle shows no request path; one without its session probes nothing.
    if (r.tail.includes('Request path') && !r.tail.includes('no session is registered')) {
      console.log(`idle dashboard (built binary, demo, 80x24): ${r.perSecond.toFixed(0)} bytes/s`);
      return r.perSecond;
    }

    console.log('the built binary does not run the live dashboard (stale dist/, or its ' +
      'session is not registered); measuring the same console from source instead');
  }

  const tsx = `${REPO}node_modules/.bin/tsx`;
  const r = await ptyBytes(`${tsx} ${REPO}bench/dashboard.ts --console-child`);
  console.log(`idle dashboard (source, demo, 80x24): ${r.perSecond.toFixed(0)} bytes/s`);
  return r.perSecond;
}

/** A terminal-sized sink that records when ink hands it a frame. */
class FrameClock extends Writable {
  readonly isTTY = true;
  readonly columns = 80;
  readonly rows = 24;
  stamps: number[] = [];

  override _write(_chunk: unknown, _enc: BufferEncoding, done: () => void): void {
    this.stamps.push(performance.now());
    done();
  }
}

async function logFeed(): Promise<{ gap: number; peak: number }> {
  const out = new FrameClock();
  const buffer = new LogBuffer();
  const store = createAppStore(undefined, { columns: 80, rows: 24 });
  store.getState().setTab('logs');
  const view = React.createElement(LogsView, { buffer, sources: ['gateway', 'backend', 'edge'] });
  const instance = render(
    React.createElement(ConsoleProvider, {
      config: {} as never, store, bus: new KeyBus(), theme: detectTheme({ LANG: 'C.UTF-8' }),
      controller: { quit: () => undefined }, children: view,
    }),
    { stdout: out as unknown as NodeJS.WriteStream, patchConsole: false, maxFps: MAX_FPS,
      exitOnCtrlC: false },
  );
  await sleep(200);
  const before = process.memoryUsage().rss;
  let peak = before;
  let n = 0;
  const perTick = LOG_RATE / 100;
  const start = performance.now();
  out.stamps = [];
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.floor(((performance.now() - start) / 1000) * LOG_RATE);
      for (; n < due; n++) {
        buffer.push(n % 3 === 0 ? 'gateway' : 'backend',
          `INFO: 10.0.0.${n % 255} - "GET /api/v1/items/${n} HTTP/1.1" 200 OK line ${n}`);
      }

      peak = Math.max(peak, process.memoryUsage().rss);
      if (performance.now() - start >= LOG_SECONDS * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, 1000 / (LOG_RATE / perTick));
  });
  const end = performance.now();
  const stamps = out.stamps.filter((t) => t <= end);
  let gap = stamps.length ? stamps[0]! - start : Infinity;
  for (let i = 1; i < stamps.length; i++) gap = Math.max(gap, stamps[i]! - stamps[i - 1]!);
  gap = Math.max(gap, end - (stamps.at(-1) ?? start));
  instance.unmount();
  buffer.dispose();
  console.log(`log pane fed ${n} lines in ${((end - start) / 1000).toFixed(1)} s: ` +
    `${stamps.length} frames, longest gap ${gap.toFixed(1)} ms, ` +
    `${buffer.store.getState().dropped} lines dropped, ` +
    `peak RSS ${(peak / 2 ** 20).toFixed(1)} MiB ` +
    `(${(before / 2 ** 20).toFixed(1)} MiB before the feed; ink maxFps ${MAX_FPS})`);
  return { gap, peak: peak / 2 ** 20 };
}

if (process.argv.includes('--console-child')) {
  await consoleChild();
} else {
  // BENCH_ONLY=sweep|log|idle runs one part (the others print as null).
  const only = process.env.BENCH_ONLY;
  const ratio = !only || only === 'sweep' ? await sweepRatio() : NaN;
  const log = !only || only === 'log' ? await logFeed() : { gap: NaN, peak: NaN };
  const idle = !only || only === 'idle' ? await idleBytes() : NaN;
  console.log(JSON.stringify({
    bench: 'dashboard',
    sweep_ratio: Number(ratio.toFixed(3)),
    idle_bytes_per_s: Math.round(idle),
    log_max_frame_gap_ms: Number(log.gap.toFixed(1)),
    log_peak_mib: Number(log.peak.toFixed(1)),
  }));
  process.exit(0);
}
