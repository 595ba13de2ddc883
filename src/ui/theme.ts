/**
 * How the console draws: colour or not (NO_COLOR, TERM=dumb), Unicode or ASCII (the locale),
 * and the symbols for each state. State is never shown by colour alone: every status has a
 * symbol and a word.
 */

/** The health of anything the console shows. */
export type Status = 'ok' | 'warning' | 'failing' | 'unknown' | 'running' | 'stale';

export interface Symbols {
  status: Record<Status, string>;
  bullet: string;
  arrow: string;
  ellipsis: string;
  /** Sparkline levels, lowest first. */
  spark: string[];
  /** Progress bar fill and rest. */
  barFull: string;
  barEmpty: string;
}

export interface Theme {
  /** False under NO_COLOR or TERM=dumb: no colour and no other SGR styling either. */
  color: boolean;
  /** False when the locale is not UTF-8: ASCII borders and symbols. */
  unicode: boolean;
  symbols: Symbols;
  borderStyle: 'round' | 'classic';
  /** Colour names per status, used only when `color` is true. */
  tone: Record<Status, string>;
}

const UNICODE: Symbols = {
  status: { ok: '✔', warning: '▲', failing: '✖', unknown: '?', running: '…', stale: '◌' },
  bullet: '•', arrow: '→', ellipsis: '…',
  spark: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
  barFull: '█', barEmpty: '░',
};

const ASCII: Symbols = {
  status: { ok: '+', warning: '!', failing: 'x', unknown: '?', running: '~', stale: '-' },
  bullet: '*', arrow: '->', ellipsis: '...',
  spark: ['_', '.', '-', '~', '=', '*', '#', '@'],
  barFull: '#', barEmpty: '.',
};

const TONE: Record<Status, string> = {
  ok: 'green', warning: 'yellow', failing: 'red', unknown: 'gray', running: 'cyan', stale: 'gray',
};

/** Words for each status, shown beside the symbol. */
export const STATUS_WORD: Record<Status, string> = {
  ok: 'healthy', warning: 'warning', failing: 'failing', unknown: 'unknown',
  running: 'checking', stale: 'stale',
};

/** True when the environment asks for no colour (https://no-color.org: any non-empty value). */
export function wantsNoColor(env: NodeJS.ProcessEnv): boolean {
  return (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb';
}

/** True when the locale's character set is UTF-8 (LC_ALL wins over LC_CTYPE over LANG). */
export function localeIsUtf8(env: NodeJS.ProcessEnv): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale);
}

/** The theme for an environment. */
export function detectTheme(env: NodeJS.ProcessEnv = process.env): Theme {
  const unicode = localeIsUtf8(env);
  return {
    color: !wantsNoColor(env),
    unicode,
    symbols: unicode ? UNICODE : ASCII,
    borderStyle: unicode ? 'round' : 'classic',
    tone: TONE,
  };
}
