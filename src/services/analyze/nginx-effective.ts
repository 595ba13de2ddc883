/**
 * What nginx actually applies to a location: proxy_set_header with nginx's
 * all-or-nothing inheritance, the nearest proxy_http_version, and which
 * location a request path selects.
 */
import {
  childrenNamed,
  locationsOf,
  type Directive,
  type LocationInfo,
  type MapInfo,
  type Placed,
} from './nginx.js';

/** One `proxy_set_header NAME VALUE;` line. */
export interface HeaderSetting {
  name: string;
  value: string;
  directive: Directive;
}

/** The headers in force at a location and where they come from. */
export interface EffectiveHeaders {
  headers: HeaderSetting[];
  /** The block whose own proxy_set_header lines are in force, if any. */
  level?: Directive;
  /** Headers set on outer levels that the inheritance rule discards here. */
  dropped: HeaderSetting[];
}

function headerLines(level: Directive): HeaderSetting[] {
  return childrenNamed(level.block, 'proxy_set_header').map((d) => ({
    name: d.args[0] ?? '',
    value: d.args[1] ?? '',
    directive: d,
  }));
}

/**
 * Applies nginx's rule: a level that sets any proxy_set_header inherits none
 * from outer levels. `chain` runs from the outermost block to the location.
 */
export function effectiveHeaders(chain: Directive[]): EffectiveHeaders {
  for (let i = chain.length - 1; i >= 0; i -= 1) {
    const level = chain[i];
    if (!level) continue;
    const headers = headerLines(level);
    if (headers.length === 0) continue;
    const dropped = chain.slice(0, i).reverse().flatMap(headerLines);
    return { headers, level, dropped };
  }

  return { headers: [], dropped: [] };
}

/** The last header with this name (case-insensitive), as nginx sends the last one set. */
export function findHeader(headers: HeaderSetting[], name: string): HeaderSetting | undefined {
  const wanted = name.toLowerCase();
  return headers.filter((h) => h.name.toLowerCase() === wanted).pop();
}

/** The innermost directive with this name along the chain (plain inheritance). */
export function effectiveDirective(chain: Directive[], name: string): Directive | undefined {
  for (let i = chain.length - 1; i >= 0; i -= 1) {
    const found = childrenNamed(chain[i]?.block, name).pop();
    if (found) return found;
  }

  return undefined;
}

/** `include` lines directly inside the blocks of the chain. */
export function includesOnChain(chain: Directive[]): Directive[] {
  return chain.flatMap((level) => childrenNamed(level.block, 'include'));
}

/** The proxy_pass of a location, directly or inside one of its `if` blocks. */
export function proxyPassOf(location: Directive): Directive | undefined {
  const direct = childrenNamed(location.block, 'proxy_pass')[0];
  if (direct) return direct;
  return childrenNamed(location.block, 'if')
    .flatMap((block) => childrenNamed(block.block, 'proxy_pass'))[0];
}

/** The variable names (without `$`) referenced in a value. */
export function variablesIn(value: string): string[] {
  return [...value.matchAll(/\$\{?([A-Za-z0-9_]+)\}?/g)].map((m) => m[1] ?? '');
}

/**
 * The original variables a value derives from, following map blocks from
 * their target back to their source (and the variables their values use).
 */
export function rootVariables(value: string, maps: MapInfo[]): Set<string> {
  const roots = new Set<string>();
  const seen = new Set<string>();
  const todo = variablesIn(value);
  for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    const map = maps.find((m) => m.target === `$${name}` || m.target === `\${${name}}`);
    if (!map) {
      roots.add(name);
      continue;
    }

    todo.push(...variablesIn(map.source));
    for (const entry of map.entries) todo.push(...variablesIn(entry.value));
  }

  return roots;
}

function regexMatches(loc: LocationInfo, uri: string): boolean {
  try {
    return new RegExp(loc.match, loc.modifier === '~*' ? 'i' : '').test(uri);
  } catch {
    // PCRE syntax that JavaScript does not accept: treat as no match.
    return false;
  }
}

function pickAt(level: LocationInfo[], all: LocationInfo[], uri: string): LocationInfo | undefined {
  const exact = level.find((l) => l.modifier === '=' && l.match === uri);
  if (exact) return exact;
  let prefix: LocationInfo | undefined;
  for (const loc of level) {
    const isPrefix = loc.modifier === '' || loc.modifier === '^~';
    if (!isPrefix || !uri.startsWith(loc.match)) continue;
    if (!prefix || loc.match.length > prefix.match.length) prefix = loc;
  }

  const inner = prefix ? pickAt(childLocations(prefix, all), all, uri) : undefined;
  if (inner && (inner.modifier === '~' || inner.modifier === '~*')) return inner;
  if (prefix?.modifier === '^~') return inner ?? prefix;
  const regex = level.find(
    (l) => (l.modifier === '~' || l.modifier === '~*') && regexMatches(l, uri),
  );

  return regex ?? inner ?? prefix;
}

function childLocations(parent: LocationInfo, all: LocationInfo[]): LocationInfo[] {
  return all.filter((l) => l.chain[l.chain.length - 2] === parent.directive);
}

/**
 * The location nginx selects for a request path in one server: exact match,
 * then the longest prefix (stopping at `^~`), then the first matching regex.
 * Regular expressions are evaluated with JavaScript's engine.
 */
export function selectLocation(server: Placed, uri: string): LocationInfo | undefined {
  const all = locationsOf(server);
  const top = all.filter((l) => l.chain[l.chain.length - 2] === server.directive);
  return pickAt(top, all, uri);
}
