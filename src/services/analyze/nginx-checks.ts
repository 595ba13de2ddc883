/**
 * Checks over a parsed nginx configuration: the forwarded scheme (CX1xx),
 * WebSocket upgrade (CX2xx, see nginx-ws.ts) and general syntax and routing
 * (CX5xx). Pure: text in, findings out.
 */
import { makeFinding, type FindingCode } from './codes.js';
import { SourceText, type Evidence, type Finding } from './findings.js';
import {
  effectiveHeaders,
  findHeader,
  includesOnChain,
  proxyPassOf,
  rootVariables,
  selectLocation,
  variablesIn,
  type EffectiveHeaders,
  type HeaderSetting,
} from './nginx-effective.js';
import {
  locationsOf,
  mapsOf,
  parseNginx,
  serverBlocks,
  type Directive,
  type LocationInfo,
  type MapInfo,
  type NginxConfig,
  type NginxErrorKind,
  type Placed,
} from './nginx.js';
import { websocketFindings } from './nginx-ws.js';

/** What the nginx checks need to know about the stack. */
export interface NginxCheckOptions {
  /** The path prefix the backend serves; default `/api/v1/`. */
  apiPath?: string;
  /** A WebSocket path under the API; default `/api/v1/ws`. */
  wsPath?: string;
}

/** A proxied location with everything the checks derive from it. */
export interface ProxiedLocation {
  location: LocationInfo;
  server: Placed;
  proxyPass: Directive;
  effective: EffectiveHeaders;
}

/** Shared state of one run of the nginx checks. */
export interface NginxContext {
  config: NginxConfig;
  src: SourceText;
  maps: MapInfo[];
  servers: Placed[];
  proxied: ProxiedLocation[];
  apiPath: string;
  wsPath: string;
}

const SYNTAX_CODES: Record<NginxErrorKind, FindingCode> = {
  'unexpected-close': 'CX501',
  'unclosed-block': 'CX501',
  'missing-semicolon': 'CX502',
  'unterminated-quote': 'CX503',
  'stray-token': 'CX504',
};

/** Describes a location for finding details, e.g. `location /api/v1/ (line 12)`. */
export function describeLocation(loc: LocationInfo): string {
  const args = loc.directive.args.join(' ');
  return `location ${args} (line ${loc.directive.line})`;
}

/** Evidence for a directive, quoting its line. */
export function at(src: SourceText, d: Directive): Evidence {
  return src.at(d.line, d.column);
}

function syntaxFindings(ctx: NginxContext): Finding[] {
  return ctx.config.errors.map((e) => {
    const detail = `line ${e.line}, column ${e.column}: ${e.message}`;
    return makeFinding(SYNTAX_CODES[e.kind], 'failing', detail, [ctx.src.at(e.line, e.column)]);
  });
}

function collectProxied(servers: Placed[]): ProxiedLocation[] {
  const out: ProxiedLocation[] = [];
  for (const server of servers) {
    for (const location of locationsOf(server)) {
      const proxyPass = proxyPassOf(location.directive);
      if (!proxyPass) continue;
      out.push({ location, server, proxyPass, effective: effectiveHeaders(location.chain) });
    }
  }

  return out;
}

type SchemeSource = 'edge' | 'scheme' | 'https' | 'http' | 'other';

function classifyScheme(value: string, maps: MapInfo[]): SchemeSource {
  if (variablesIn(value).length === 0) {
    const literal = value.trim().toLowerCase();
    if (literal === 'https' || literal === 'http') return literal;
    return 'other';
  }

  const roots = rootVariables(value, maps);
  if (roots.has('http_x_forwarded_proto')) return 'edge';
  if (roots.has('scheme')) return 'scheme';
  return 'other';
}

function levelName(d: Directive | undefined): string {
  if (!d) return 'no block';
  return d.name === 'location' ? `location ${d.args.join(' ')}` : `the ${d.name} block`;
}

function missingProto(ctx: NginxContext, p: ProxiedLocation): Finding {
  const { src } = ctx;
  const where = describeLocation(p.location);
  const lost = findHeader(p.effective.dropped, 'X-Forwarded-Proto');
  const level = p.effective.level;
  const first = p.effective.headers[0];
  if (lost && level && first) {
    const detail =
      `${where} proxies to ${p.proxyPass.args[0] ?? '?'} but sends no X-Forwarded-Proto: ` +
      `it is set on line ${lost.directive.line}, yet ${levelName(level)} sets its own ` +
      `proxy_set_header (line ${first.directive.line}), so nothing from outer levels applies.`;
    return makeFinding('CX102', 'failing', detail, [
      at(src, p.location.directive), at(src, lost.directive), at(src, first.directive),
    ]);
  }

  const includes = includesOnChain(p.location.chain);
  const evidence = [at(src, p.location.directive), ...includes.map((d) => at(src, d))];
  if (includes.length > 0) {
    const names = includes.map((d) => d.args[0] ?? '?').join(', ');
    const detail =
      `${where} sets no X-Forwarded-Proto in this file; it may come from ${names}, ` +
      'which was not analysed.';
    return makeFinding('CX101', 'warning', detail, evidence);
  }

  const detail = `${where} proxies to ${p.proxyPass.args[0] ?? '?'} without X-Forwarded-Proto.`;
  return makeFinding('CX101', 'failing', detail, evidence);
}

function protoFinding(ctx: NginxContext, p: ProxiedLocation, h: HeaderSetting): Finding {
  const where = describeLocation(p.location);
  const evidence = [at(ctx.src, h.directive), at(ctx.src, p.location.directive)];
  const shown = `X-Forwarded-Proto "${h.value}"`;
  switch (classifyScheme(h.value, ctx.maps)) {
    case 'edge':
      return makeFinding('CX105', 'ok', `${where} sends ${shown} from the edge.`, evidence);
    case 'scheme':
      return makeFinding(
        'CX103',
        'failing',
        `${where} sends ${shown}; behind the TLS edge $scheme is always http.`,
        evidence,
      );
    case 'https':
      return makeFinding('CX104', 'warning', `${where} always sends ${shown}.`, evidence);
    case 'http':
      return makeFinding('CX107', 'failing', `${where} always sends ${shown}.`, evidence);
    default:
      return makeFinding(
        'CX107',
        'warning',
        `${where} sends ${shown}, which is not derived from $http_x_forwarded_proto.`,
        evidence,
      );
  }
}

function hostFinding(ctx: NginxContext, p: ProxiedLocation): Finding[] {
  if (findHeader(p.effective.headers, 'Host')) return [];
  const lost = findHeader(p.effective.dropped, 'Host');
  const where = describeLocation(p.location);
  const why = lost
    ? ` (Host is set on line ${lost.directive.line} but not inherited here)`
    : '';
  const upstream = p.proxyPass.args[0] ?? '?';
  const detail = `${where} sends the upstream name from ${upstream} as Host${why}.`;
  const evidence = [at(ctx.src, p.location.directive)];
  if (lost) evidence.push(at(ctx.src, lost.directive));
  return [makeFinding('CX106', 'warning', detail, evidence)];
}

function forwardedFindings(ctx: NginxContext): Finding[] {
  return ctx.proxied.flatMap((p) => {
    const proto = findHeader(p.effective.headers, 'X-Forwarded-Proto');
    const first = proto ? protoFinding(ctx, p, proto) : missingProto(ctx, p);
    return [first, ...hostFinding(ctx, p)];
  });
}

function routingFindings(ctx: NginxContext): Finding[] {
  const src = ctx.src;
  if (ctx.servers.length === 0) {
    const detail = 'No server block found; the file may be a fragment included elsewhere.';
    return [makeFinding('CX505', 'warning', detail, [src.at(undefined)])];
  }

  const routed = ctx.servers.some((server) => {
    const selected = selectLocation(server, ctx.apiPath);
    return selected !== undefined && proxyPassOf(selected.directive) !== undefined;
  });

  if (routed) return [];
  const evidence = ctx.servers.map((s) => at(src, s.directive));
  const detail = `No server block passes ${ctx.apiPath} to an upstream with proxy_pass.`;
  return [makeFinding('CX506', 'failing', detail, evidence)];
}

/** Runs every nginx check on an already parsed configuration. */
export function checkNginxConfig(
  config: NginxConfig,
  src: SourceText,
  options: NginxCheckOptions = {},
): Finding[] {
  const servers = serverBlocks(config);
  const ctx: NginxContext = {
    config,
    src,
    maps: mapsOf(config),
    servers,
    proxied: collectProxied(servers),
    apiPath: options.apiPath ?? '/api/v1/',
    wsPath: options.wsPath ?? '/api/v1/ws',
  };

  return [
    ...syntaxFindings(ctx),
    ...routingFindings(ctx),
    ...forwardedFindings(ctx),
    ...websocketFindings(ctx),
  ];
}

/** Parses nginx configuration text and runs every nginx check. Never throws. */
export function checkNginx(text: string, file: string, options: NginxCheckOptions = {}): Finding[] {
  return checkNginxConfig(parseNginx(text), new SourceText(file, text), options);
}
