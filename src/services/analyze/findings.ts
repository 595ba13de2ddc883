/**
 * The shapes every static analyzer returns. An analyzer reads the text of one
 * file and reports findings; it never touches the file system or the network.
 */

/** How a check came out: fine, suspicious, or a cause of breakage. */
export type Verdict = 'ok' | 'warning' | 'failing';

/** Where in a file a finding comes from. Lines and columns count from 1. */
export interface Evidence {
  file: string;
  line?: number;
  column?: number;
  /** The source text at that place, trimmed, for display. */
  text?: string;
}

/** One result of one check. `code` is a key of FINDING_CODES. */
export interface Finding {
  code: string;
  verdict: Verdict;
  title: string;
  detail: string;
  evidence: Evidence[];
  fix?: string;
}

/** What the console and the README print for one finding code. */
export interface CodeInfo {
  title: string;
  explanation: string;
  fix: string;
}

/** Orders verdicts from worst to best, for sorting and summaries. */
export const VERDICT_RANK: Record<Verdict, number> = { failing: 0, warning: 1, ok: 2 };

/** The worst verdict among findings; `ok` when there are none. */
export function worstVerdict(findings: readonly Finding[]): Verdict {
  let worst: Verdict = 'ok';
  for (const f of findings) {
    if (VERDICT_RANK[f.verdict] < VERDICT_RANK[worst]) worst = f.verdict;
  }

  return worst;
}

/** Splits source text into lines once, so evidence can quote any of them. */
export class SourceText {
  private readonly lines: string[];

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.lines = text.split(/\r\n|\n|\r/);
  }

  /** Evidence for a 1-based line (and column), quoting the trimmed line. */
  at(line: number | undefined, column?: number): Evidence {
    if (line === undefined) return { file: this.file };
    const text = this.lines[line - 1]?.trim();
    const evidence: Evidence = { file: this.file, line };
    if (column !== undefined) evidence.column = column;
    if (text) evidence.text = text.length > 160 ? `${text.slice(0, 157)}...` : text;
    return evidence;
  }
}
