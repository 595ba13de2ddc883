/**
 * A tolerant tokenizer for nginx configuration text. It follows nginx's own
 * reading rules (quotes, backslash escapes, `#` comments at the start of a
 * word, `${var}` inside words) and never throws: problems become errors.
 */

/** One token: a word (quoted or not) or one of `{`, `}`, `;`. */
export interface Token {
  kind: 'word' | '{' | '}' | ';';
  /** The word with quotes removed and escapes resolved. */
  value: string;
  quoted: boolean;
  /** True when the word is the first token on its line. */
  lineStart: boolean;
  line: number;
  column: number;
}

/** The kinds of syntax problem the tolerant reader reports. */
export type NginxErrorKind =
  | 'unexpected-close'
  | 'unclosed-block'
  | 'missing-semicolon'
  | 'unterminated-quote'
  | 'stray-token';

/** A syntax problem with its 1-based position. */
export interface NginxParseError {
  kind: NginxErrorKind;
  message: string;
  line: number;
  column: number;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

/** Reads characters and keeps the line and column of the read position. */
class Cursor {
  pos = 0;
  line = 1;
  column = 1;

  constructor(readonly text: string) {}

  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  done(): boolean {
    return this.pos >= this.text.length;
  }

  next(): string {
    const ch = this.text.charAt(this.pos);
    this.pos += 1;
    if (ch === '\n') {
      this.line += 1;
      this.column = 1;
    } else {
      this.column += 1;
    }

    return ch;
  }

  mark(): { pos: number; line: number; column: number } {
    return { pos: this.pos, line: this.line, column: this.column };
  }

  reset(mark: { pos: number; line: number; column: number }): void {
    this.pos = mark.pos;
    this.line = mark.line;
    this.column = mark.column;
  }
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f';
}

function skipComment(cur: Cursor): void {
  while (!cur.done() && cur.peek() !== '\n') cur.next();
}

/**
 * Reads a quoted word. An unterminated quote is reported and, so that the
 * rest of the file still gets analysed, ends at the end of its line.
 */
function readQuoted(cur: Cursor, errors: NginxParseError[]): { value: string; cut: boolean } {
  const start = cur.mark();
  const quote = cur.next();
  let value = '';
  while (!cur.done()) {
    const ch = cur.next();
    if (ch === quote) return { value, cut: false };
    if (ch === '\\' && !cur.done()) {
      const esc = cur.next();
      value += esc === quote || esc === '\\' ? esc : (ESCAPES[esc] ?? `\\${esc}`);
      continue;
    }

    value += ch;
  }

  errors.push({
    kind: 'unterminated-quote',
    message: `the ${quote} quote opened here is never closed`,
    line: start.line,
    column: start.column,
  });

  cur.reset(start);
  cur.next();
  value = '';
  while (!cur.done() && cur.peek() !== '\n') value += cur.next();
  return { value, cut: true };
}

/** Reads an unquoted word up to whitespace, `;`, `{` or `}`. */
function readWord(cur: Cursor): string {
  let value = '';
  while (!cur.done()) {
    const ch = cur.peek();
    if (isSpace(ch) || ch === ';' || ch === '}') break;
    if (ch === '{') {
      // `${name}` is a variable, not a block opener.
      if (!value.endsWith('$')) break;
      while (!cur.done() && cur.peek() !== '}' && !isSpace(cur.peek())) value += cur.next();
      if (cur.peek() === '}') value += cur.next();
      continue;
    }

    cur.next();
    if (ch === '\\' && !cur.done() && cur.peek() !== '\n') {
      value += cur.next();
      continue;
    }

    value += ch;
  }

  return value;
}

/** Splits nginx configuration text into tokens; never throws. */
export function tokenizeNginx(text: string): { tokens: Token[]; errors: NginxParseError[] } {
  const cur = new Cursor(text);
  const tokens: Token[] = [];
  const errors: NginxParseError[] = [];
  let lastLine = 0;
  while (!cur.done()) {
    const ch = cur.peek();
    if (isSpace(ch)) {
      cur.next();
      continue;
    }

    if (ch === '#') {
      skipComment(cur);
      continue;
    }

    const { line, column } = cur;
    const lineStart = line !== lastLine;
    lastLine = line;
    if (ch === '{' || ch === '}' || ch === ';') {
      cur.next();
      tokens.push({ kind: ch, value: ch, quoted: false, lineStart, line, column });
      continue;
    }

    const quoted = ch === '"' || ch === "'";
    const before = cur.pos;
    const read = quoted ? readQuoted(cur, errors) : { value: readWord(cur), cut: false };
    // A lone backslash at the end of input reads nothing; move on regardless.
    if (cur.pos === before) cur.next();
    lastLine = cur.line;
    const semi = read.cut ? read.value.trimEnd().lastIndexOf(';') : -1;
    // A cut-off quote that ends in ";" most likely closed before it: keep the directive whole.
    if (semi !== -1 && read.value.slice(semi + 1).trim() === '') {
      const value = read.value.slice(0, semi);
      tokens.push({ kind: 'word', value, quoted, lineStart, line, column });
      const at = { line, column: column + 1 + semi };
      tokens.push({ kind: ';', value: ';', quoted: false, lineStart: false, ...at });
      continue;
    }

    tokens.push({ kind: 'word', value: read.value, quoted, lineStart, line, column });
  }

  return { tokens, errors };
}
