/**
 * WebSocket upgrade checks (CX2xx): the `$http_upgrade` map, HTTP/1.1 to the
 * upstream, and the Upgrade and Connection headers on the API location.
 */
import { makeFinding } from './codes.js';
import type { Evidence, Finding } from './findings.js';
import type { NginxContext, ProxiedLocation } from './nginx-checks.js';
import {
  effectiveDirective,
  findHeader,
  selectLocation,
  variablesIn,
  type HeaderSetting,
} from './nginx-effective.js';
import { walkDirectives, type Directive, type MapInfo } from './nginx.js';

const BUILTIN_PREFIXES = ['http_', 'arg_', 'cookie_', 'sent_http_', 'upstream_http_'];
const BUILTINS = new Set(['connection', 'scheme', 'host', 'request_uri', 'uri', 'args']);
const SPECIAL_MAP_KEYS = new Set(['default', 'hostnames', 'volatile', 'include']);

function ev(ctx: NginxContext, d: Directive): Evidence {
  return ctx.src.at(d.line, d.column);
}

function definedVariables(ctx: NginxContext): Set<string> {
  const names = new Set<string>();
  for (const map of ctx.maps) names.add(map.target.replace(/^\$\{?|\}$/g, ''));
  for (const { directive } of walkDirectives(ctx.config.directives)) {
    if (directive.name === 'set') names.add((directive.args[0] ?? '').replace(/^\$/, ''));
  }

  return names;
}

function isDefined(name: string, defined: Set<string>): boolean {
  if (defined.has(name) || BUILTINS.has(name)) return true;
  return BUILTIN_PREFIXES.some((p) => name.startsWith(p));
}

function mapFor(ctx: NginxContext, variable: string): MapInfo | undefined {
  return ctx.maps.find((m) => m.target === `$${variable}` || m.target === `\${${variable}}`);
}

/** The value a map yields for an input: exact key, then regexes in order, then default. */
function mapLookup(map: MapInfo, input: string): string {
  const entries = map.entries.filter((e) => !SPECIAL_MAP_KEYS.has(e.key));
  const exact = entries.find((e) => !e.key.startsWith('~') && e.key === input);
  if (exact) return exact.value;
  const regex = entries.find((e) => {
    if (!e.key.startsWith('~')) return false;
    const caseless = e.key.startsWith('~*');
    try {
      return new RegExp(e.key.slice(caseless ? 2 : 1), caseless ? 'i' : '').test(input);
    } catch {
      return false;
    }
  });

  if (regex) return regex.value;
  return map.entries.find((e) => e.key === 'default')?.value ?? '';
}

function mapFindings(ctx: NginxContext, map: MapInfo): Finding[] {
  const out: Finding[] = [];
  const empty = map.entries.find((e) => e.key === '');
  const def = map.entries.find((e) => e.key === 'default');
  const where = `map ${map.source} ${map.target} (line ${map.directive.line})`;
  const evidence = [ev(ctx, map.directive)];
  const plain = mapLookup(map, '').toLowerCase();
  if (plain !== 'close') {
    const entry = empty ?? def;
    if (entry) evidence.push(ctx.src.at(entry.line, entry.column));
    const verdict = plain === 'upgrade' ? 'failing' : 'warning';
    if (!empty && plain === 'upgrade') {
      out.push(makeFinding('CX203', 'failing', `${where} has no '' entry.`, evidence));
    } else {
      const detail = `${where} gives plain requests Connection "${plain}".`;
      out.push(makeFinding('CX202', verdict, detail, evidence));
    }
  }

  const upgrade = mapLookup(map, 'websocket').toLowerCase();
  if (upgrade !== 'upgrade') {
    const ev2 = [ev(ctx, map.directive)];
    if (def) ev2.push(ctx.src.at(def.line, def.column));
    const detail = `${where} gives WebSocket handshakes Connection "${upgrade}".`;
    out.push(makeFinding('CX204', 'failing', detail, ev2));
  }

  return out;
}

function literalUpgrade(h: HeaderSetting | undefined): boolean {
  return h !== undefined && variablesIn(h.value).length === 0 && /upgrade/i.test(h.value);
}

function connectionFindings(ctx: NginxContext): Finding[] {
  const out: Finding[] = [];
  const defined = definedVariables(ctx);
  const hasUpgradeMap = ctx.maps.some((m) => m.source === '$http_upgrade');
  const seen = new Set<Directive>();
  const missing: Evidence[] = [];
  for (const p of ctx.proxied) {
    const conn = findHeader(p.effective.headers, 'Connection');
    const up = findHeader(p.effective.headers, 'Upgrade');
    for (const h of [conn, up]) {
      if (!h || seen.has(h.directive)) continue;
      seen.add(h.directive);
      const undefinedVar = variablesIn(h.value).find((v) => !isDefined(v, defined));
      if (h === conn && literalUpgrade(h)) {
        const detail = `Connection "${h.value}" is sent on every request, REST calls included.`;
        out.push(makeFinding('CX208', 'failing', detail, [ev(ctx, h.directive)]));
      }

      if (undefinedVar !== undefined || (h === up && !hasUpgradeMap)) {
        missing.push(ev(ctx, h.directive));
      }
    }
  }

  if (missing.length > 0) {
    const detail = hasUpgradeMap
      ? 'A Connection or Upgrade header uses a variable that no map or set defines.'
      : 'Upgrade is forwarded but no `map $http_upgrade ...` block exists in this file.';
    out.push(makeFinding('CX201', 'failing', detail, missing));
  }

  return out;
}

function droppedNote(p: ProxiedLocation, name: string): string {
  const lost = findHeader(p.effective.dropped, name);
  return lost ? ` (set on line ${lost.directive.line} but not inherited here)` : '';
}

function connectionProblems(
  ctx: NginxContext,
  p: ProxiedLocation,
  reportMap: (map: MapInfo) => Finding[],
): { findings: Finding[]; clean: boolean } {
  const where = `location ${p.location.directive.args.join(' ')}`;
  const locEv = ev(ctx, p.location.directive);
  const conn = findHeader(p.effective.headers, 'Connection');
  if (!conn) {
    const detail = `${where} sends no Connection header${droppedNote(p, 'Connection')}.`;
    return { findings: [makeFinding('CX207', 'failing', detail, [locEv])], clean: false };
  }

  const [variable] = variablesIn(conn.value);
  // A literal upgrade is reported once by connectionFindings.
  if (variable === undefined && literalUpgrade(conn)) return { findings: [], clean: false };
  const map = variable === undefined ? undefined : mapFor(ctx, variable);
  if (map && map.source === '$http_upgrade') {
    const findings = reportMap(map);
    const clean = mapFindings(ctx, map).every((f) => f.verdict === 'ok');
    return { findings, clean };
  }

  if (variable !== undefined && !map && !isDefined(variable, definedVariables(ctx))) {
    return { findings: [], clean: false };
  }

  const verdict = variable !== undefined && !map ? 'warning' : 'failing';
  const detail = `${where} sets Connection "${conn.value}", not the $http_upgrade map.`;
  const evidence = [ev(ctx, conn.directive), locEv];
  return { findings: [makeFinding('CX207', verdict, detail, evidence)], clean: false };
}

function apiLocationFindings(
  ctx: NginxContext,
  p: ProxiedLocation,
  reportMap: (map: MapInfo) => Finding[],
): Finding[] {
  const out: Finding[] = [];
  const where = `location ${p.location.directive.args.join(' ')}`;
  const locEv = ev(ctx, p.location.directive);
  const version = effectiveDirective(p.location.chain, 'proxy_http_version');
  if (version?.args[0] !== '1.1') {
    const got = version ? `proxy_http_version ${version.args.join(' ')}` : 'HTTP/1.0';
    const evidence = version ? [ev(ctx, version), locEv] : [locEv];
    out.push(makeFinding('CX205', 'failing', `${where} talks ${got} to the upstream.`, evidence));
  }

  const up = findHeader(p.effective.headers, 'Upgrade');
  if (!up || !variablesIn(up.value).includes('http_upgrade')) {
    const detail = up
      ? `${where} sets Upgrade "${up.value}" instead of $http_upgrade.`
      : `${where} does not forward Upgrade${droppedNote(p, 'Upgrade')}.`;
    const evidence = up ? [ev(ctx, up.directive), locEv] : [locEv];
    out.push(makeFinding('CX206', 'failing', detail, evidence));
  }

  const conn = connectionProblems(ctx, p, reportMap);
  out.push(...conn.findings);
  if (out.length === 0 && conn.clean) {
    const detail = `${where} upgrades WebSockets through the $http_upgrade map.`;
    out.push(makeFinding('CX209', 'ok', detail, [locEv]));
  }

  return out;
}

/** All CX2xx findings for one nginx configuration. */
export function websocketFindings(ctx: NginxContext): Finding[] {
  const reported = new Set<MapInfo>();
  const reportMap = (map: MapInfo): Finding[] => {
    if (reported.has(map)) return [];
    reported.add(map);
    return mapFindings(ctx, map);
  };

  const out = connectionFindings(ctx);
  const checked = new Set<Directive>();
  for (const server of ctx.servers) {
    const selected = selectLocation(server, ctx.wsPath);
    const p = ctx.proxied.find((x) => x.location.directive === selected?.directive);
    if (!p || checked.has(p.location.directive)) continue;
    checked.add(p.location.directive);
    out.push(...apiLocationFindings(ctx, p, reportMap));
  }

  return out;
}
