/**
 * The doctor report: the results of a run as text lines for a terminal and as a JSON
 * document for scripts, and the exit code they add up to. Pure, so both are tested exactly.
 */
import type { Finding, Verdict } from '../../services/analyze/index.js';
import type { RunbookResult } from './model.js';

/** The version of the JSON report's shape; bumped only on incompatible changes. */
export const REPORT_VERSION = 1;

/** How findings add up. */
export interface ReportSummary {
  failing: number;
  warning: number;
  ok: number;
}

/** The JSON report. */
export interface DoctorReport {
  version: number;
  target: string;
  strict: boolean;
  readonly: boolean;
  overall: Verdict;
  exitCode: number;
  summary: ReportSummary;
  runbooks: {
    id: string;
    title: string;
    symptom: string;
    verdict: Verdict;
    steps: { check: string; title: string; kind: string; error?: string;
      findings: Finding[] }[];
    fix?: { describe: string; preview: string; command?: string; automatic: boolean };
  }[];
}

/** Counts findings by verdict. */
export function summarize(results: RunbookResult[]): ReportSummary {
  const s: ReportSummary = { failing: 0, warning: 0, ok: 0 };
  for (const f of results.flatMap((r) => r.steps.flatMap((st) => st.findings))) s[f.verdict]++;
  return s;
}

/** 1 when something fails (or, with strict, warns); 0 otherwise. */
export function exitCodeFor(summary: ReportSummary, strict: boolean): number {
  if (summary.failing > 0) return 1;
  return strict && summary.warning > 0 ? 1 : 0;
}

function overallOf(s: ReportSummary): Verdict {
  if (s.failing) return 'failing';
  return s.warning ? 'warning' : 'ok';
}

/** The JSON report; fixes are left out under --readonly. */
export function buildReport(
  results: RunbookResult[], opts: { target: string; strict: boolean; readonly: boolean },
): DoctorReport {
  const summary = summarize(results);
  return {
    version: REPORT_VERSION, target: opts.target, strict: opts.strict, readonly: opts.readonly,
    overall: overallOf(summary), exitCode: exitCodeFor(summary, opts.strict), summary,
    runbooks: results.map((r) => ({
      id: r.id, title: r.title, symptom: r.symptom, verdict: r.verdict,
      steps: r.steps.map((s) => ({ check: s.checkId, title: s.title, kind: s.kind,
        ...(s.error ? { error: s.error } : {}), findings: s.findings })),
      ...(r.fix && !opts.readonly ? { fix: { describe: r.fix.describe, preview: r.fix.preview,
        command: r.fix.command, automatic: r.fix.apply !== undefined } } : {}),
    })),
  };
}

const WORD: Record<Verdict, string> = { ok: 'ok', warning: 'WARN', failing: 'FAIL' };

function evidenceLine(e: Finding['evidence'][number]): string {
  const where = e.line ? `${e.file}:${e.line}` : e.file;
  return e.text ? `${where}: ${e.text}` : where;
}

function findingLines(f: Finding): string[] {
  const head = `    ${WORD[f.verdict].padEnd(4)} ${f.code} ${f.title}`;
  if (f.verdict === 'ok') return [head];
  const lines = [head, `         ${f.detail}`];
  for (const e of f.evidence) lines.push(`         at ${evidenceLine(e)}`);
  if (f.fix) lines.push(`         fix: ${f.fix}`);
  return lines;
}

/** The report as terminal lines (no colour; the caller may add it). */
export function reportLines(report: DoctorReport): string[] {
  const lines = [`cortex-ops doctor: ${report.target}`];
  for (const r of report.runbooks) {
    lines.push('', `${WORD[r.verdict].padEnd(4)} ${r.title} (${r.id})`);
    if (r.verdict !== 'ok') lines.push(`     symptom: ${r.symptom}`);
    for (const step of r.steps) for (const f of step.findings) lines.push(...findingLines(f));
    if (r.fix) {
      lines.push(`     guided fix: ${r.fix.describe}` +
        (r.fix.automatic ? ' (in the console, Troubleshoot tab)' : ''));
      if (r.fix.command) lines.push(`     run: ${r.fix.command}`);
    }
  }

  const s = report.summary;
  lines.push('', `${s.failing} failing, ${s.warning} warnings, ${s.ok} ok` +
    (report.strict ? ' (strict: warnings fail)' : ''));
  return lines;
}
