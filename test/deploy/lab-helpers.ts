/** Helpers for the deploy lab tests: a deploy run with a recording sink, host reads. */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { auditTailArgv, parseAudit } from '../../src/services/release/audit.js';
import { inspectArgv, parseInspect, type HostLayout } from '../../src/services/release/layout.js';
import type { DeployContext } from '../../src/workflows/deploy/context.js';
import { readLock } from '../../src/workflows/deploy/lock.js';
import { openDeployContext } from '../../src/workflows/deploy/open.js';
import { runDeploy, type DeployOptions } from '../../src/workflows/deploy/pipeline.js';
import type { StepId } from '../../src/workflows/deploy/types.js';
import { recordingSink } from './helpers.js';

const exec = promisify(execFile);

/** The lab config with a canary password in a URL the deploy never uses. */
export async function canaryConfig(configPath: string, dir: string, canary: string):
  Promise<{ config: Config; file: string }> {
  const text = await readFile(configPath, 'utf8');
  const file = path.join(dir, 'cortex-ops.canary.yaml');
  const workspace = loadConfig(configPath).config.project.workspace;
  await writeFile(file, text
    .replace(/adminUrl: http:\/\//, `adminUrl: http://ops:${canary}@`)
    .replace(/^(\s*workspace:).*$/m, `$1 ${workspace}`));
  return { config: loadConfig(file).config, file };
}

/** One deploy, its events, and an AbortController a test may fire at a step. */
export async function deployOnce(config: Config, file: string, dir: string,
  opts: DeployOptions & { abortAt?: StepId; onStep?: (id: StepId) => void } = {}) {
  const sink = recordingSink();
  const ctl = new AbortController();
  const step = sink.step.bind(sink);
  sink.step = (id, state, detail) => {
    step(id, state, detail);
    if (state !== 'running') return;
    opts.onStep?.(id);
    if (id === opts.abortAt) ctl.abort(new Error('test abort'));
  };
  const ctx = await openDeployContext(config, { sink, signal: ctl.signal, configFile: file,
    historyFile: path.join(dir, 'history.jsonl') });
  const outcome = await runDeploy(ctx, { verifyTimeoutMs: 60_000, ...opts });
  return { outcome, sink, ctx };
}

/** The host's release layout now. */
export async function hostLayout(ctx: DeployContext): Promise<HostLayout> {
  const r = await ctx.conn.exec(inspectArgv(ctx.layout), { timeoutMs: 20_000 });
  return parseInspect(r.stdout);
}

/** The host's audit records. */
export async function hostAudit(ctx: DeployContext) {
  const r = await ctx.conn.exec(auditTailArgv(ctx.layout.audit, 500), { timeoutMs: 20_000 });
  return { text: r.stdout, records: parseAudit(r.stdout) };
}

/** Whether the host is locked. */
export async function locked(ctx: DeployContext): Promise<boolean> {
  // The deploy's own signal may be aborted (the cancel tests); this read is separate.
  const fresh = { ...ctx, signal: new AbortController().signal };
  return (await readLock(fresh)).info !== undefined;
}

/** GET through the gateway from here; status and body, or status 0 when it failed. */
export async function gateway(config: Config, p: string): Promise<{ status: number;
  body: string; }> {
  try {
    const r = await fetch(`http://127.0.0.1:${config.gateway.port}${p}`,
      { signal: AbortSignal.timeout(5000) });
    return { status: r.status, body: await r.text() };
  } catch {
    return { status: 0, body: '' };
  }
}

/** Samples every process's command line on this machine (the lab host is this machine). */
export function sampleProcesses() {
  const seen = new Set<string>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { stdout } = await exec('ps', ['-eo', 'args', '--no-headers']).catch(() =>
        ({ stdout: '' }));
      for (const line of stdout.split('\n')) seen.add(line);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop(): Promise<string> {
      stopped = true;
      await loop;
      return [...seen].join('\n');
    },
  };
}
