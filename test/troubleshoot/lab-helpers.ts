/** Shared by the doctor lab tests (test/lab/doctor*.test.ts): a context on the lab, finders. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import {
  openTroubleshoot, runAll, runbookById, runRunbook, type Finding, type RunbookResult,
  type TroubleshootContext,
} from '../../src/workflows/runbooks/index.js';

export const signal = new AbortController().signal;

/** The lab's config as cortex-ops loads it. */
export function labConfig(configPath: string): Config {
  return loadConfig(configPath).config;
}

const backupDirs: string[] = [];

/** A context on the lab host over SSH, with a throwaway backup folder. */
export async function labContext(config: Config): Promise<TroubleshootContext> {
  const backupDir = await mkdtemp(path.join(tmpdir(), 'cx-lab-backups-'));
  backupDirs.push(backupDir);
  return openTroubleshoot({
    config, backupDir, policy: { kind: 'non-interactive', acceptNewHostKey: false },
  });
}

/** Every runbook once. */
export function doctorOn(ctx: TroubleshootContext): Promise<RunbookResult[]> {
  return runAll(ctx, signal, { fixes: true });
}

/** One runbook once (a re-check). */
export function recheck(ctx: TroubleshootContext, id: string): Promise<RunbookResult> {
  return runRunbook(runbookById(id)!, ctx, signal, { fixes: true });
}

/** Every finding of a set of results. */
export function findings(results: RunbookResult[]): Finding[] {
  return results.flatMap((r) => r.steps.flatMap((s) => s.findings));
}

/** The codes of failing findings, sorted and unique. */
export function failing(results: RunbookResult[]): string[] {
  return [...new Set(findings(results).filter((f) => f.verdict === 'failing')
    .map((f) => f.code))].sort();
}

/** The finding with this code; throws when there is none. */
export function finding(results: RunbookResult[], code: string): Finding {
  const f = findings(results).find((x) => x.code === code);
  if (!f) throw new Error(`no ${code} among ${findings(results).map((x) => x.code).join(' ')}`);
  return f;
}

/** Removes every backup folder labContext made. */
export async function removeBackupDirs(): Promise<void> {
  const dirs = backupDirs.splice(0);
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
}
