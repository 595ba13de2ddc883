/**
 * Startup benchmark: whole-process time from spawn to the first full frame of the console
 * (the bundled binary on the demo stack), against a bare Ink "hello" bundled the same way, in
 * the same run, alternating, several runs each. Both run in a real pseudo-terminal (`script`),
 * since ink draws differently to a pipe. Last line: one JSON object.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
// @ts-expect-error: a plain .mjs module without types
import { bundleOptions } from '../scripts/bundle-options.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

async function buildBaseline(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cx-bench-'));
  const entry = path.join(dir, 'hello.tsx');
  // Ends itself once its first frame has been written to the terminal, as the console
  // marks its own (CORTEX_OPS_BENCH_FIRST_FRAME).
  writeFileSync(entry, `import React from 'react';
import { render, Text } from 'ink';
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const ok = write(chunk, ...rest);
  if (String(chunk).includes('hello')) {
    process.stderr.write('first-frame\\n');
    process.exit(0);
  }
  return ok;
};
render(<Text>hello</Text>);
`);
  const out = path.join(dir, 'out', 'hello.js');
  await build({
    ...bundleOptions, entryPoints: [entry], outdir: path.join(dir, 'out'), splitting: true,
    nodePaths: [path.join(REPO, 'node_modules')],
  });
  return out;
}

/** Runs argv in a pty and resolves with ms from spawn until 'first-frame' shows on stderr. */
function timeToFirstFrame(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const cmd = argv.map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qfec', `${cmd} 2>&3`, '/dev/null'], {
      env: { ...process.env, ...env, TERM: 'xterm-256color', COLUMNS: '80', LINES: '24' },
      stdio: ['pipe', 'ignore', 'ignore', 'pipe'],
    });
    let done = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      if (!done) reject(new Error(`${cmd} drew no frame within 20 s`));
    }, 20_000);
    child.stdio[3]!.on('data', (c: Buffer) => {
      if (done || !c.toString().includes('first-frame')) return;
      done = true;
      resolve(performance.now() - start);
      clearTimeout(timer);
      child.kill('SIGTERM');
    });
    child.on('error', reject);
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const baseline = await buildBaseline();
const app = [process.execPath, path.join(REPO, 'bin/cortex-ops'), '--demo'];
const appEnv = { CORTEX_OPS_BENCH_FIRST_FRAME: '1' };
const appMs: number[] = [];
const baseMs: number[] = [];
await timeToFirstFrame(app, appEnv);
await timeToFirstFrame([process.execPath, baseline], {});
for (let i = 0; i < RUNS; i++) {
  appMs.push(await timeToFirstFrame(app, appEnv));
  baseMs.push(await timeToFirstFrame([process.execPath, baseline], {}));
}

const a = median(appMs);
const b = median(baseMs);
console.log(`console to first frame: median ${a.toFixed(1)} ms over ${RUNS} runs`);
console.log(`bare ink hello:         median ${b.toFixed(1)} ms over ${RUNS} runs`);
console.log(JSON.stringify({ bench: 'startup', ratio: Number((a / b).toFixed(3)),
  app_ms: Number(a.toFixed(1)), baseline_ms: Number(b.toFixed(1)) }));
