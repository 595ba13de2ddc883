/**
 * Checks over a compose model (CX3xx): YAML errors, host port collisions,
 * the gateway's published port and a backend published to the host.
 */
import { findService, parseCompose, type ComposeModel, type ComposeService } from './compose.js';
import { overlaps, showRange, type ComposePort } from './compose-ports.js';
import { makeFinding } from './codes.js';
import { SourceText, type Evidence, type Finding } from './findings.js';

/** Which services are the gateway and the backend, and the ports they should use. */
export interface ComposeCheckOptions {
  /** Service names or container names of the gateway; default frontend, ai_unified_frontend. */
  gateway?: string[];
  /** The host port the edge reaches the gateway on; default 8002. */
  gatewayPort?: number;
  /** The port nginx listens on inside its container; default 80. */
  gatewayContainerPort?: number;
  /** Service names or container names of the backend; default backend, ai_hub_service. */
  backend?: string[];
}

const DEFAULT_GATEWAY = ['frontend', 'ai_unified_frontend'];
const DEFAULT_BACKEND = ['backend', 'ai_hub_service'];
// YAML 1.1 base-60 integers, e.g. 2222:22; Compose v1 reads YAML 1.1.
const SEXAGESIMAL = /^[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+$/;

function isWildcard(ip: string | undefined): boolean {
  return ip === undefined || ip === '' || ip === '0.0.0.0' || ip === '::';
}

function isLoopback(ip: string | undefined): boolean {
  return ip !== undefined && (/^127\./.test(ip) || ip === '::1' || ip === 'localhost');
}

function portAt(src: SourceText, p: ComposePort): Evidence {
  return src.at(p.line, p.column);
}

function showPort(p: ComposePort): string {
  const bare = p.hostIp ?? '';
  const ip = bare === '' ? '' : bare.includes(':') ? `[${bare}]:` : `${bare}:`;
  const host = p.published ? `${showRange(p.published)}:` : '';
  return `${ip}${host}${p.target ? showRange(p.target) : '?'}/${p.protocol}`;
}

function collide(a: ComposePort, b: ComposePort): boolean {
  if (!a.published || !b.published || a.protocol !== b.protocol) return false;
  if (!overlaps(a.published, b.published)) return false;
  return isWildcard(a.hostIp) || isWildcard(b.hostIp) || a.hostIp === b.hostIp;
}

function collisionFindings(model: ComposeModel, src: SourceText): Finding[] {
  const all = model.services.flatMap((svc) => svc.ports.map((port) => ({ svc, port })));
  const out: Finding[] = [];
  all.forEach((a, i) => {
    for (const b of all.slice(i + 1)) {
      if (!collide(a.port, b.port)) continue;
      const detail =
        `${a.svc.name} (${showPort(a.port)}, line ${a.port.line}) and ${b.svc.name} ` +
        `(${showPort(b.port)}, line ${b.port.line}) bind the same host port.`;
      const evidence = [portAt(src, a.port), portAt(src, b.port)];
      out.push(makeFinding('CX303', 'failing', detail, evidence));
    }
  });

  return out;
}

function targetFor(port: ComposePort, hostPort: number): number | undefined {
  if (!port.target || !port.published) return undefined;
  const width = port.published.end - port.published.start;
  if (width === port.target.end - port.target.start) {
    return port.target.start + (hostPort - port.published.start);
  }

  return port.target.start;
}

function gatewayFindings(
  model: ComposeModel,
  src: SourceText,
  opts: ComposeCheckOptions,
): Finding[] {
  const names = opts.gateway ?? DEFAULT_GATEWAY;
  const expected = opts.gatewayPort ?? 8002;
  const inner = opts.gatewayContainerPort ?? 80;
  const svc = findService(model, names);
  if (!svc) {
    const detail = `No service is named or has container_name ${names.join(' or ')}.`;
    return [makeFinding('CX304', 'warning', detail, [src.at(undefined)])];
  }

  const svcAt = src.at(svc.line);
  const published = svc.ports.filter((p) => p.published);
  const match = published.find((p) => p.published && overlaps(p.published, {
    start: expected,
    end: expected,
  }));

  if (!match) {
    const has = published.map(showPort).join(', ') || 'no ports';
    const detail = `${svc.name} publishes ${has}, not host port ${expected}.`;
    const evidence = [svcAt, ...published.map((p) => portAt(src, p))];
    return [makeFinding('CX305', 'failing', detail, evidence)];
  }

  const target = targetFor(match, expected);
  const evidence = [portAt(src, match)];
  if (target !== inner) {
    const detail =
      `${svc.name} maps host port ${expected} to container port ${target}, not ${inner}.`;
    return [makeFinding('CX306', 'failing', detail, evidence)];
  }

  if (isLoopback(match.hostIp)) {
    const detail = `${svc.name} publishes ${showPort(match)}: only the Docker host can connect.`;
    return [makeFinding('CX307', 'warning', detail, evidence)];
  }

  const detail = `${svc.name} publishes ${showPort(match)}.`;
  return [makeFinding('CX308', 'ok', detail, evidence)];
}

function backendService(
  model: ComposeModel,
  opts: ComposeCheckOptions,
): ComposeService | undefined {
  return findService(model, opts.backend ?? DEFAULT_BACKEND);
}

/**
 * True when the backend service publishes a port on a non-loopback host
 * address, i.e. peers other than nginx can reach uvicorn directly.
 */
export function backendPortPublished(
  model: ComposeModel,
  opts: ComposeCheckOptions = {},
): boolean {
  const svc = backendService(model, opts);
  return (svc?.ports ?? []).some((p) => p.published && !isLoopback(p.hostIp));
}

function backendFindings(
  model: ComposeModel,
  src: SourceText,
  opts: ComposeCheckOptions,
): Finding[] {
  const svc = backendService(model, opts);
  if (!svc) return [];
  return svc.ports
    .filter((p) => p.published)
    .map((p) => {
      const scope = isLoopback(p.hostIp) ? 'on the Docker host only' : 'to the network';
      const detail = `${svc.name} publishes ${showPort(p)} ${scope}, bypassing nginx.`;
      return makeFinding('CX309', 'warning', detail, [portAt(src, p)]);
    });
}

function entryFindings(model: ComposeModel, src: SourceText): Finding[] {
  return model.services.flatMap((svc) =>
    svc.ports.flatMap((p) => {
      if (p.error) {
        return [makeFinding('CX310', 'warning', `${svc.name}: ${p.error}.`, [portAt(src, p)])];
      }

      if (p.unquoted && SEXAGESIMAL.test(p.raw)) {
        const detail = `${svc.name}: ${p.raw} is unquoted; YAML 1.1 reads it as a number.`;
        return [makeFinding('CX311', 'warning', detail, [portAt(src, p)])];
      }

      return [];
    }),
  );
}

/** Runs every compose check on a parsed model. */
export function checkComposeModel(
  model: ComposeModel,
  src: SourceText,
  opts: ComposeCheckOptions = {},
): Finding[] {
  const syntax = model.errors.slice(0, 10).map((e) =>
    makeFinding('CX301', 'failing', `line ${e.line}, column ${e.column}: ${e.message}`, [
      src.at(e.line, e.column),
    ]),
  );

  if (model.services.length === 0) {
    if (syntax.length > 0) return syntax;
    const detail = 'There is no top-level `services:` mapping with a service in it.';
    return [makeFinding('CX302', 'failing', detail, [src.at(undefined)])];
  }

  return [
    ...syntax,
    ...entryFindings(model, src),
    ...collisionFindings(model, src),
    // A partly read file would make a missing gateway look real.
    ...(model.errors.length > 0 ? [] : gatewayFindings(model, src, opts)),
    ...backendFindings(model, src, opts),
  ];
}

/** Parses docker-compose.yml text and runs every compose check. Never throws. */
export function checkCompose(
  text: string,
  file: string,
  opts: ComposeCheckOptions = {},
): Finding[] {
  return checkComposeModel(parseCompose(text, file), new SourceText(file, text), opts);
}
