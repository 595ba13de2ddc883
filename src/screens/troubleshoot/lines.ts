/**
 * Pure presentation of runbook results: the list row of each runbook and the lines of an
 * opened runbook (steps, findings, evidence, fix). Screens only slice and style these.
 */
import type { Finding } from '../../services/analyze/index.js';
import type { Status } from '../../ui/theme.js';
import type { Runbook, RunbookResult } from '../../workflows/runbooks/model.js';

/** One line of the detail view; `status` draws a badge before the text. */
export interface DetailLine {
  text: string;
  status?: Status;
  bold?: boolean;
  dim?: boolean;
}

/** The status a runbook shows in the list. */
export function rowStatus(result: RunbookResult | undefined, running: boolean): Status {
  if (running) return 'running';
  return result ? result.verdict : 'unknown';
}

/** The short summary after a runbook's title in the list. */
export function rowSummary(result: RunbookResult | undefined, running: boolean): string {
  if (running) return 'checking…';
  if (!result) return 'not checked yet';
  const findings = result.steps.flatMap((s) => s.findings);
  const bad = findings.filter((f) => f.verdict !== 'ok');
  if (findings.length === 0) return 'nothing to check here';
  const noun = findings.length === 1 ? 'check' : 'checks';
  if (bad.length === 0) return `${findings.length} ${noun} ok`;
  const codes = [...new Set(bad.map((f) => f.code))].join(' ');
  return `${codes}${result.fix ? ' · fix available' : ''}`;
}

function evidenceText(e: Finding['evidence'][number]): string {
  const where = e.line ? `${e.file}:${e.line}` : e.file;
  return e.text ? `${where}  ${e.text}` : where;
}

function findingLines(f: Finding): DetailLine[] {
  const lines: DetailLine[] = [{ text: `${f.code} ${f.title}`, status: f.verdict }];
  if (f.verdict === 'ok') return lines;
  lines.push({ text: `    ${f.detail}` });
  for (const e of f.evidence) lines.push({ text: `    at ${evidenceText(e)}`, dim: true });
  if (f.fix) lines.push({ text: `    fix: ${f.fix}` });
  return lines;
}

/** Splits a long line at spaces to `width`, continuation lines indented past its indent. */
export function wrapLine(line: DetailLine, width: number): DetailLine[] {
  if (line.status || line.text.length <= width || width < 20) return [line];
  const indent = ' '.repeat((/^ */.exec(line.text)?.[0].length ?? 0) + 2);
  const out: DetailLine[] = [];
  let rest = line.text;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(' ', width);
    const at = cut > indent.length ? cut : width;
    out.push({ ...line, text: rest.slice(0, at) });
    rest = indent + rest.slice(at).trimStart();
  }

  out.push({ ...line, text: rest });
  return out;
}

/** The lines of an opened runbook: symptom, each step with its findings, the fix. */
export function detailLines(
  runbook: Runbook, result: RunbookResult | undefined, readonly: boolean, width = 200,
): DetailLine[] {
  return rawDetailLines(runbook, result, readonly).flatMap((l) => wrapLine(l, width));
}

function rawDetailLines(
  runbook: Runbook, result: RunbookResult | undefined, readonly: boolean,
): DetailLine[] {
  const lines: DetailLine[] = [
    { text: runbook.title, bold: true },
    { text: `Symptom: ${runbook.symptom}` },
  ];
  if (!result) {
    lines.push({ text: '' }, { text: 'Not checked yet: press r to run this runbook.' });
    return lines;
  }

  result.steps.forEach((step, i) => {
    lines.push({ text: '' }, { text: `${i + 1}. [${step.kind}] ${step.title}`, bold: true });
    if (step.findings.length === 0) lines.push({ text: '   nothing to check here', dim: true });
    for (const f of step.findings) lines.push(...findingLines(f));
  });

  if (result.fix && !readonly) {
    lines.push({ text: '' }, { text: `Guided fix: ${result.fix.describe}`, bold: true },
      { text: result.fix.apply ? 'press x to review and apply it' : 'press x to see the command' });
  }

  return lines;
}
