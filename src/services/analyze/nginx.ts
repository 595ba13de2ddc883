/**
 * A tolerant nginx configuration parser: text in, a tree of directives and a
 * list of syntax errors out. It never throws; the tree holds whatever could
 * be recovered so that checks can still run on a broken file.
 */
import { tokenizeNginx, type NginxParseError, type Token } from './nginx-lexer.js';

export type { NginxParseError, NginxErrorKind } from './nginx-lexer.js';

/** One directive, e.g. `proxy_pass http://b;` or `location /x { ... }`. */
export interface Directive {
  name: string;
  args: string[];
  line: number;
  column: number;
  /** The children when the directive opens a `{ }` block. */
  block?: Directive[];
}

/** The result of parsing one file. */
export interface NginxConfig {
  directives: Directive[];
  errors: NginxParseError[];
}

// Blocks whose children are data entries, not directives.
const DATA_BLOCKS = new Set(['map', 'types', 'geo', 'split_clients', 'charset_map', 'match']);

const DIRECTIVE_NAMES = new Set([
  'location', 'server', 'server_name', 'listen', 'root', 'include', 'map',
  'try_files', 'return', 'rewrite', 'add_header', 'upstream', 'set', 'if', 'http', 'events',
  'error_page', 'access_log', 'error_log', 'expires', 'alias', 'default_type', 'sendfile',
  'resolver', 'charset', 'keepalive_timeout', 'client_max_body_size', 'worker_processes',
]);

const DIRECTIVE_PREFIXES = ['proxy_', 'ssl_', 'gzip', 'fastcgi_', 'uwsgi_', 'grpc_', 'client_'];

function looksLikeDirective(word: string): boolean {
  if (DIRECTIVE_NAMES.has(word)) return true;
  return DIRECTIVE_PREFIXES.some((p) => word.startsWith(p) && /^[a-z_0-9]+$/.test(word));
}

interface Frame {
  children: Directive[];
  opener?: Directive;
}

/** Builds the directive tree from tokens, iteratively so deep nesting cannot overflow. */
class TreeBuilder {
  readonly root: Directive[] = [];
  private readonly stack: Frame[] = [{ children: this.root }];
  private pending: Token[] = [];

  constructor(private readonly errors: NginxParseError[]) {}

  private get frame(): Frame {
    return this.stack[this.stack.length - 1] ?? { children: this.root };
  }

  private error(kind: NginxParseError['kind'], message: string, at: Token): void {
    this.errors.push({ kind, message, line: at.line, column: at.column });
  }

  private flush(): Directive | undefined {
    const [head, ...rest] = this.pending;
    this.pending = [];
    if (!head) return undefined;
    const directive: Directive = {
      name: head.value,
      args: rest.map((t) => t.value),
      line: head.line,
      column: head.column,
    };

    this.frame.children.push(directive);
    return directive;
  }

  private missingSemicolon(): void {
    const last = this.pending[this.pending.length - 1];
    const head = this.pending[0];
    if (!last || !head) return;
    const at = { ...last, column: last.column + last.value.length };
    this.error('missing-semicolon', `"${head.value}" is not terminated by ";"`, at);
  }

  word(tok: Token): void {
    const inData = DATA_BLOCKS.has(this.frame.opener?.name ?? '');
    const prev = this.pending[this.pending.length - 1];
    const startsNew = tok.lineStart && !tok.quoted && looksLikeDirective(tok.value);
    if (prev && !inData && startsNew && prev.line < tok.line) {
      this.missingSemicolon();
      this.flush();
    }

    this.pending.push(tok);
  }

  open(tok: Token): void {
    if (this.pending.length === 0) {
      this.error('stray-token', 'a "{" without a directive name before it', tok);
      this.pending.push({ ...tok, kind: 'word', value: '' });
    }

    const directive = this.flush();
    if (!directive) return;
    directive.block = [];
    this.stack.push({ children: directive.block, opener: directive });
  }

  close(tok: Token): void {
    if (this.pending.length > 0) {
      this.missingSemicolon();
      this.flush();
    }

    if (this.stack.length <= 1) {
      this.error('unexpected-close', 'a "}" closes no open block', tok);
      return;
    }

    this.stack.pop();
  }

  semicolon(tok: Token): void {
    if (this.pending.length === 0) {
      this.error('stray-token', 'a ";" without a directive before it', tok);
      return;
    }

    this.flush();
  }

  finish(): void {
    if (this.pending.length > 0) {
      this.missingSemicolon();
      this.flush();
    }

    for (const frame of this.stack.slice(1)) {
      const opener = frame.opener;
      if (!opener) continue;
      this.errors.push({
        kind: 'unclosed-block',
        message: `the "${opener.name}" block opened here is never closed`,
        line: opener.line,
        column: opener.column,
      });
    }
  }
}

/** Parses nginx configuration text. Never throws. */
export function parseNginx(text: string): NginxConfig {
  const { tokens, errors } = tokenizeNginx(text);
  const builder = new TreeBuilder(errors);
  for (const tok of tokens) {
    if (tok.kind === 'word') builder.word(tok);
    else if (tok.kind === '{') builder.open(tok);
    else if (tok.kind === '}') builder.close(tok);
    else builder.semicolon(tok);
  }

  builder.finish();
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return { directives: builder.root, errors };
}

/** A directive together with the blocks that enclose it, outermost first. */
export interface Placed {
  directive: Directive;
  parents: Directive[];
}

/** Every directive in the tree, depth first, with its enclosing blocks. */
export function walkDirectives(directives: Directive[]): Placed[] {
  const out: Placed[] = [];
  const todo: Placed[] = directives.map((d) => ({ directive: d, parents: [] })).reverse();
  for (let item = todo.pop(); item; item = todo.pop()) {
    out.push(item);
    const { directive, parents } = item;
    const inner = [...parents, directive];
    const children = directive.block ?? [];
    for (let i = children.length - 1; i >= 0; i -= 1) {
      const child = children[i];
      if (child) todo.push({ directive: child, parents: inner });
    }
  }

  return out;
}

/** The direct children of a block with the given name. */
export function childrenNamed(block: Directive[] | undefined, name: string): Directive[] {
  return (block ?? []).filter((d) => d.name === name);
}

/** `http` blocks anywhere in the file. */
export function httpBlocks(config: NginxConfig): Directive[] {
  return walkDirectives(config.directives)
    .filter((p) => p.directive.name === 'http' && p.directive.block)
    .map((p) => p.directive);
}

/**
 * `server` blocks at the top level or inside `http`, with their enclosing
 * blocks. Files from conf.d hold server blocks at the top level.
 */
export function serverBlocks(config: NginxConfig): Placed[] {
  return walkDirectives(config.directives).filter(
    (p) =>
      p.directive.name === 'server' &&
      p.directive.block !== undefined &&
      p.parents.every((parent) => parent.name === 'http'),
  );
}

/** Location modifiers as nginx spells them; '' is a plain prefix match. */
export type LocationModifier = '' | '=' | '~' | '~*' | '^~' | '@';

/** A location block with its match and the chain of blocks from outermost to itself. */
export interface LocationInfo {
  directive: Directive;
  modifier: LocationModifier;
  /** The prefix, exact path, regular expression or @name. */
  match: string;
  /** Enclosing blocks from the outermost (http or server) down to the location. */
  chain: Directive[];
}

function splitLocationArgs(args: string[]): { modifier: LocationModifier; match: string } {
  const [first = '', second] = args;
  const mods: LocationModifier[] = ['=', '~*', '~', '^~'];
  if (second !== undefined && (mods as string[]).includes(first)) {
    return { modifier: first as LocationModifier, match: second };
  }

  if (first.startsWith('@')) return { modifier: '@', match: first };
  const attached = mods.find((m) => first.startsWith(m) && first.length > m.length);
  if (attached) return { modifier: attached, match: first.slice(attached.length) };
  return { modifier: '', match: first };
}

/** Every location inside a placed server block, nested ones included. */
export function locationsOf(server: Placed): LocationInfo[] {
  const base = [...server.parents, server.directive];
  const out: LocationInfo[] = [];
  for (const placed of walkDirectives(server.directive.block ?? [])) {
    const { directive, parents } = placed;
    if (directive.name !== 'location' || !directive.block) continue;
    if (!parents.every((p) => p.name === 'location')) continue;
    const chain = [...base, ...parents, directive];
    out.push({ directive, ...splitLocationArgs(directive.args), chain });
  }

  return out;
}

/** One `key value;` line of a map block. */
export interface MapEntry {
  key: string;
  value: string;
  line: number;
  column: number;
}

/** A `map $source $target { ... }` block. */
export interface MapInfo {
  source: string;
  target: string;
  entries: MapEntry[];
  directive: Directive;
}

/** Every map block in the file. */
export function mapsOf(config: NginxConfig): MapInfo[] {
  return walkDirectives(config.directives)
    .filter((p) => p.directive.name === 'map' && p.directive.block)
    .map(({ directive }) => ({
      source: directive.args[0] ?? '',
      target: directive.args[1] ?? '',
      directive,
      entries: (directive.block ?? []).map((d) => ({
        key: d.name,
        value: d.args[0] ?? '',
        line: d.line,
        column: d.column,
      })),
    }));
}

/** An `include` directive; the analyzers note it but do not follow it. */
export interface IncludeInfo {
  path: string;
  line: number;
  column: number;
}

/** Every include in the file. */
export function includesOf(config: NginxConfig): IncludeInfo[] {
  return walkDirectives(config.directives)
    .filter((p) => p.directive.name === 'include')
    .map(({ directive }) => ({
      path: directive.args[0] ?? '',
      line: directive.line,
      column: directive.column,
    }));
}
