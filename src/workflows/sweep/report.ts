/**
 * A finished sweep as `cortex-ops status` prints it: a JSON document matching
 * docs/status.schema.json, or a table of symbols and words for people.
 */
import { PANES, PANE_TITLE, worst, type CheckStatus, type PaneId } from './types.js';
import type { SweepReport } from './run.js';

/** The schema identifier written into every report. */
export const STATUS_SCHEMA_ID = 'cortex-ops/status/v1';

/** Who the report is about. */
export interface ReportSubject {
  mode: 'demo' | 'config';
  environment: string;
  target: string;
}

interface JsonCheck {
  id: string;
  label: string;
  status: CheckStatus;
  words: string;
  latencyMs: number | null;
  checkedAt: string;
}

/** The JSON form of a status report. */
export interface StatusJson {
  schema: typeof STATUS_SCHEMA_ID;
  generatedAt: string;
  mode: 'demo' | 'config';
  environment: string;
  target: string;
  overall: CheckStatus;
  durationMs: number;
  requestPath: {
    status: CheckStatus;
    verdict: string;
    failingHop: string | null;
    hops: { hop: string; status: CheckStatus; words: string }[];
  };
  panes: Record<PaneId, { title: string; status: CheckStatus; refreshedAt: string | null;
    checks: JsonCheck[] }>;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The overall health: the worst of every check and the request path. */
export function overallStatus(report: SweepReport): CheckStatus {
  return worst([report.path.status, ...report.checks.map((c) => c.status)]);
}

/** Builds the JSON document. */
export function statusJson(report: SweepReport, who: ReportSubject): StatusJson {
  const panes = {} as StatusJson['panes'];
  for (const pane of PANES) {
    const checks = report.checks.filter((c) => c.pane === pane);
    const newest = Math.max(0, ...checks.map((c) => c.checkedAt));
    panes[pane] = {
      title: PANE_TITLE[pane],
      status: worst(checks.map((c) => c.status)),
      refreshedAt: newest ? iso(newest) : null,
      checks: checks.map((c) => ({
        id: c.id, label: c.label, status: c.status, words: c.words, latencyMs: c.latencyMs,
        checkedAt: iso(c.checkedAt),
      })),
    };
  }

  const { path } = report;
  return {
    schema: STATUS_SCHEMA_ID,
    generatedAt: iso(report.finishedAt),
    mode: who.mode, environment: who.environment, target: who.target,
    overall: overallStatus(report),
    durationMs: report.finishedAt - report.startedAt,
    requestPath: {
      status: path.status, verdict: path.verdict, failingHop: path.failingHop,
      hops: path.hops.map((h) => ({ hop: h.hop, status: h.status, words: h.words })),
    },
    panes,
  };
}

/** How the table draws a status. */
export interface TableStyle {
  symbols: Record<CheckStatus, string>;
  /** Wraps text in the status's colour, or returns it as is. */
  paint: (status: CheckStatus, text: string) => string;
  bold: (text: string) => string;
}

const WORD: Record<CheckStatus, string> = {
  ok: 'healthy', warning: 'warning', failing: 'failing', unknown: 'unknown',
};

function badge(style: TableStyle, status: CheckStatus): string {
  return style.paint(status, `${style.symbols[status]} ${WORD[status].padEnd(7)}`);
}

/** The table for people, one line per check. */
export function statusTable(json: StatusJson, style: TableStyle): string[] {
  const lines = [
    style.bold(`${json.environment}: ${json.target}`) +
      `  ${badge(style, json.overall).trimEnd()}  (${json.generatedAt})`,
    '',
    `${style.bold('Request path')}  ${style.paint(json.requestPath.status,
      style.symbols[json.requestPath.status])} ${json.requestPath.verdict}`,
  ];
  for (const h of json.requestPath.hops) {
    lines.push(`  ${badge(style, h.status)} ${h.hop.padEnd(14)} ${h.words}`);
  }

  for (const pane of PANES) {
    const p = json.panes[pane];
    lines.push('', `${style.bold(p.title)}  ${badge(style, p.status).trimEnd()}`);
    for (const c of p.checks) {
      const ms = c.latencyMs === null ? '' : `  ${c.latencyMs} ms`;
      lines.push(`  ${badge(style, c.status)} ${c.label.padEnd(14)} ${c.words}${ms}`);
    }
  }

  return lines;
}
