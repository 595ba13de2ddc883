/**
 * Deploy benchmark against the lab. A prober requests the backend health path through the
 * gateway at 20 Hz while a release with a changed backend runs: once with cortex-ops's
 * pipeline, once with the old scripts' flow (rsync, then compose down, then up --build), in
 * the same run. Then the sync phase against a plain `rsync -az` of the same tree over the
 * same ssh: alternating, several runs each, with nothing else running (the releases above
 * run theirs under the prober's load, and first, on cold caches). Prints figures; the last
 * line is one JSON object. No assertions.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../src/config/load.js';
import type { Config } from '../src/config/schema.js';
import { runLocal } from '../src/services/runner.js';
import { filterArgs, rsyncRemoteShell, remoteSpec } from '../src/services/rsync/args.js';
import { sshPool } from '../src/services/ssh/connection.js';
import { quoteArgv } from '../src/services/shell-quote.js';
import { openDeployContext } from '../src/workflows/deploy/open.js';
import { runDeploy } from '../src/workflows/deploy/pipeline.js';
import { makePlan } from '../src/workflows/deploy/plan.js';
import { syncRelease } from '../src/workflows/deploy/sync.js';
import { newReleaseId, releaseDir } from '../src/services/release/layout.js';
import { nullSink, type DeploySink } from '../src/workflows/deploy/types.js';
import type { DeployContext } from '../src/workflows/deploy/context.js';
import { ensureLabUp, withLabLock } from '../test/support/lab.js';

const HZ = 20;

interface Window {
  from: number;
  to: number;
}

/** Requests `url` every 1/HZ s; keeps when each request failed. */
function startProber(url: string) {
  const failures: number[] = [];
  let total = 0;
  const timer = setInterval(() => {
    total += 1;
    const at = Date.now();
    fetch(url, { signal: AbortSignal.timeout(2000) }).then(async (r) => {
      await r.arrayBuffer();
      if (r.status !== 200) failures.push(at);
    }, () => failures.push(at));
  }, 1000 / HZ);
  return {
    async stop() {
      clearInterval(timer);
      await new Promise((r) => setTimeout(r, 2100));
      return { total, failures };
    },
  };
}

const inWindow = (ts: number[], w?: Window): number =>
  w ? ts.filter((t) => t >= w.from && t <= w.to).length : 0;

/** A sink that notes when each step ran. */
function timingSink(): DeploySink & { windows: Record<string, Window> } {
  const windows: Record<string, Window> = {};
  return {
    ...nullSink, windows,
    step(id, state) {
      if (state === 'running') windows[id] = { from: Date.now(), to: Date.now() };
      else if (windows[id]) windows[id]!.to = Date.now();
    },
  };
}

async function changeBackend(config: Config, tag: string): Promise<void> {
  const file = path.join(config.project.workspace, 'app/ai-hub/app/main.py');
  await appendFile(file, `# bench ${tag}\n`);
}

async function ours(config: Config, url: string, change = true) {
  if (change) await changeBackend(config, `ours-${Date.now()}`);
  const sink = timingSink();
  const ctx = await openDeployContext(config, { sink, signal: new AbortController().signal });
  const prober = startProber(url);
  const outcome = await runDeploy(ctx, {});
  const { failures } = await prober.stop();
  return {
    ok: outcome.ok, message: outcome.message, failed: failures.length,
    duringBuild: inWindow(failures, sink.windows.build),
    duringRelease: inWindow(failures, sink.windows.release),
    syncMs: outcome.durations.sync ?? 0, ctx,
  };
}

async function ssh(ctx: DeployContext, script: string): Promise<number | null> {
  const r = await ctx.conn.exec(['sh', '-c', script], { timeoutMs: 20 * 60_000 });
  return r.code;
}

/** The old flow: rsync over the project, then compose down and up --build on the host. */
async function seedFlow(ctx: DeployContext, url: string) {
  const { config } = ctx;
  await changeBackend(config, `seed-${Date.now()}`);
  const prober = startProber(url);
  const spec = { excludes: config.project.excludes, protect: config.project.protect,
    hostOnly: ['cortex-ops.release.yml', 'cortex-ops.release.json'] };
  await runLocal(['rsync', '-a', '--delete', ...filterArgs(spec), '-e',
    rsyncRemoteShell(ctx.target), `${config.project.workspace}/`,
    remoteSpec(ctx.target, config.project.remoteDir)], { timeoutMs: 600_000 });
  const project = config.project.projectName ?? 'cortex-hub';
  const compose = (args: string[]) => quoteArgv(['docker-compose', '-p', project, ...args]);
  const code = await ssh(ctx, `cd ${quoteArgv([config.project.remoteDir])} && ` +
    `${compose(['down'])} && ${compose(['up', '-d', '--build', '--remove-orphans'])}`);
  await waitHealthy(url);
  const { failures } = await prober.stop();
  return { code, failed: failures.length };
}

async function waitHealthy(url: string): Promise<void> {
  for (let i = 0; i < 120; i += 1) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).status === 200) return;
    } catch {
      // Not up yet.
    }

    await new Promise((r) => setTimeout(r, 500));
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Our sync phase (the pipeline's own syncRelease: a fresh release directory, unchanged files
 * hard-linked from the current release) against a plain `rsync -az` of the workspace into
 * an empty directory, alternating, `runs` each; scratch directories are removed after each.
 */
async function syncFigures(ctx: DeployContext, runs = 7) {
  const { config } = ctx;
  const plan = await makePlan(ctx);
  const scratch = path.posix.join(ctx.layout.base, 'bench-plain');
  const ours: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const releaseId = newReleaseId(new Date(), `bench${i}`);
    ours.push(await timed(() => syncRelease(ctx, { ...plan, releaseId, legacyId: undefined })));
    await ssh(ctx, `rm -rf ${quoteArgv([releaseDir(ctx.layout, releaseId)])}`);
    await ssh(ctx, `rm -rf ${quoteArgv([scratch])}`);
    plain.push(await timed(() => runLocal(['rsync', '-az',
      ...config.project.excludes.map((e) => `--exclude=${e}`),
      '-e', rsyncRemoteShell(ctx.target), `${config.project.workspace}/`,
      remoteSpec(ctx.target, scratch)], { timeoutMs: 600_000 })));
  }

  await ssh(ctx, `rm -rf ${quoteArgv([scratch])}`);
  return { ours: median(ours), plain: median(plain), runs };
}

async function main(): Promise<void> {
  // The benchmark releases to the lab, so it brings the lab up when it is down.
  const facts = await ensureLabUp();
  const { config } = loadConfig(facts.configPath);
  const url = `http://127.0.0.1:${config.gateway.port}${config.backend.healthPath}`;
  const mainPy = path.join(config.project.workspace, 'app/ai-hub/app/main.py');
  const original = await readFile(mainPy, 'utf8');
  const result = await withLabLock(async () => {
    try {
      return await runAll(config, url, mainPy, original);
    } finally {
      await writeFile(mainPy, original);
    }
  });
  sshPool.closeAll();
  console.log(JSON.stringify({ bench: 'deploy', failed_requests_ours: result.ours,
    failed_requests_seed_flow: result.seed, rsync_ratio: Number(result.ratio.toFixed(3)) }));
}

/** Ours, the old flow, plain rsync, then a cortex-ops release of the original workspace. */
async function runAll(config: Config, url: string, mainPy: string, original: string) {
  const a = await ours(config, url);
  console.log(`ours: ${a.message}; ${a.failed} failed request(s) (build ${a.duringBuild}, ` +
    `release ${a.duringRelease}); sync ${a.syncMs} ms under the prober`);
  const b = await seedFlow(a.ctx, url);
  console.log(`seed flow (down, up --build): exit ${b.code}; ${b.failed} failed request(s)`);
  const sync = await syncFigures(a.ctx);
  console.log(`sync phase ${sync.ours.toFixed(0)} ms, plain rsync -az ` +
    `${sync.plain.toFixed(0)} ms (medians of ${sync.runs} alternating runs each)`);
  await writeFile(mainPy, original);
  const restore = await ours(config, url, false);
  console.log(`restored a cortex-ops release: ${restore.message}`);
  return { ours: a.failed, seed: b.failed, ratio: sync.ours / sync.plain };
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(`bench:deploy failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
