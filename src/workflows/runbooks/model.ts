/**
 * The runbook model: a documented pitfall turned into checks that produce findings with
 * evidence, an optional guided fix, and a re-check. Runbooks never print; they return data
 * the doctor command and the Troubleshoot tab render.
 */
import type { Config } from '../../config/schema.js';
import type { Finding, Verdict } from '../../services/analyze/index.js';
import type { TroubleshootHost } from './host.js';

export type { Evidence, Finding, Verdict } from '../../services/analyze/index.js';

/** Where a check looks: files (workspace and host copies) or the running system. */
export type CheckKind = 'static' | 'live';

/** Everything a check may use. One context serves a whole doctor run. */
export interface TroubleshootContext {
  config: Config;
  /** The Docker host (over SSH, or the demo's picture of it). */
  host: TroubleshootHost;
  /** The local workspace directory, absolute; empty when there is none (the demo). */
  workspace: string;
  /** The edge's private CA (PEM), when the config names one. */
  ca?: string;
  /** Where fixes keep backups of what they change. */
  backupDir: string;
  /** Milliseconds one probe or remote command may take. */
  timeoutMs: number;
}

/** One check of a runbook. */
export interface Check {
  id: string;
  title: string;
  kind: CheckKind;
  run(ctx: TroubleshootContext, signal: AbortSignal): Promise<Finding[]>;
}

/**
 * A guided fix. It changes the target, so it is always `dangerous`: hidden under --readonly
 * and applied only after the user confirms the preview.
 */
export interface Fix {
  /** One line: what applying it does. */
  describe: string;
  /** What will change, for instance a unified diff; shown before asking. */
  preview: string;
  dangerous: true;
  /**
   * Applies the fix and verifies it; resolves with a one-line outcome, or throws a
   * FixFailedError (after undoing what it could). Absent when only a command is shown.
   */
  apply?: (signal: AbortSignal) => Promise<string>;
  /** For fixes cortex-ops does not apply itself: the command to run by hand. */
  command?: string;
}

/** A fix that did not take; the message says what happened and what was undone. */
export class FixFailedError extends Error {
  override name = 'FixFailedError';
  readonly userFacing = true;
}

/** A pitfall as a runbook. */
export interface Runbook {
  id: string;
  title: string;
  /** The symptom, in the words a user would use. */
  symptom: string;
  checks: Check[];
  /** Builds the fix from the findings of a run, when there is one for them. */
  fix?: (ctx: TroubleshootContext, findings: Finding[]) => Promise<Fix | undefined>;
}

/** The outcome of one check. */
export interface StepResult {
  checkId: string;
  title: string;
  kind: CheckKind;
  findings: Finding[];
  /** Set when the check itself could not run (host unreachable, timeout). */
  error?: string;
}

/** The outcome of one runbook. */
export interface RunbookResult {
  id: string;
  title: string;
  symptom: string;
  verdict: Verdict;
  steps: StepResult[];
  fix?: Fix;
  startedAt: number;
  finishedAt: number;
}

/** Every finding of a result, step after step. */
export function findingsOf(result: RunbookResult): Finding[] {
  return result.steps.flatMap((s) => s.findings);
}
