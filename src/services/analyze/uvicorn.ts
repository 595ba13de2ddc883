/**
 * Checks how the backend starts (CX11x): whether uvicorn (or gunicorn with
 * UvicornWorker) reads X-Forwarded-Proto and trusts the nginx container.
 * The compose `command`/`entrypoint` override the Dockerfile, as Docker does.
 */
import { findService, parseCompose, type ComposeCommand, type ComposeService } from './compose.js';
import { backendPortPublished } from './compose-checks.js';
import { makeFinding } from './codes.js';
import { imageLaunch, parseDockerfile, type CommandSpec, type ImageLaunch } from './dockerfile.js';
import { SourceText, type Evidence, type Finding } from './findings.js';
import { findServer, type ServerCommand } from './uvicorn-argv.js';

/** A file's text and the name to show in evidence. */
export interface FileText {
  text: string;
  file: string;
}

/** The inputs of the launch check; give the Dockerfile, the compose file or both. */
export interface BackendLaunchInput {
  dockerfile?: FileText;
  compose?: FileText;
  /** Service names or container names of the backend; default backend, ai_hub_service. */
  backend?: string[];
  /**
   * Whether the backend port is reachable on the host. Defaults to what the
   * compose file publishes, or false without one.
   */
  backendPortPublished?: boolean;
}

interface Part {
  argv: string[];
  quotesRemoved: boolean;
  shell: boolean;
  evidence: Evidence;
}

interface Env {
  value: string;
  evidence: Evidence;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function fromImage(spec: CommandSpec | undefined, src: SourceText | undefined): Part | undefined {
  if (!spec || !src) return undefined;
  const shell = spec.form === 'shell';
  return { argv: spec.argv, quotesRemoved: false, shell, evidence: src.at(spec.line) };
}

function fromCompose(
  cmd: ComposeCommand | undefined,
  src: SourceText | undefined,
): Part | undefined {
  if (!cmd || !src) return undefined;
  const quotesRemoved = cmd.form === 'string';
  return { argv: cmd.argv, quotesRemoved, shell: false, evidence: src.at(cmd.line) };
}

function launchParts(
  image: ImageLaunch,
  svc: ComposeService | undefined,
  dsrc: SourceText | undefined,
  csrc: SourceText | undefined,
): Part[] {
  const entry = fromCompose(svc?.entrypoint, csrc) ?? fromImage(image.entrypoint, dsrc);
  const cmd =
    fromCompose(svc?.command, csrc) ??
    (svc?.entrypoint ? undefined : fromImage(image.cmd, dsrc));
  // A shell-form ENTRYPOINT ignores CMD entirely.
  if (entry?.shell) return [entry];
  return [entry, cmd].filter((p): p is Part => p !== undefined);
}

function environment(
  image: ImageLaunch,
  svc: ComposeService | undefined,
  dsrc: SourceText | undefined,
  csrc: SourceText | undefined,
): Record<string, Env> {
  const env: Record<string, Env> = {};
  for (const [key, v] of Object.entries(image.env)) {
    if (dsrc) env[key] = { value: v.value, evidence: dsrc.at(v.line) };
  }

  for (const [key, v] of Object.entries(svc?.environment ?? {})) {
    if (csrc) env[key] = { value: v.value, evidence: csrc.at(v.line, v.column) };
  }

  return env;
}

function resolveVariable(value: string, env: Record<string, Env>): string {
  const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(value);
  const name = m?.[1];
  return name !== undefined && env[name] ? (env[name]?.value ?? value) : value;
}

function proxyHeaderFindings(server: ServerCommand, evidence: Evidence[]): Finding[] {
  if (server.kind === 'gunicorn' || server.proxyHeaders === true) return [];
  if (server.proxyHeaders === false) {
    const detail = 'uvicorn runs with --no-proxy-headers and ignores X-Forwarded-Proto.';
    return [makeFinding('CX111', 'failing', detail, evidence)];
  }

  const detail = 'uvicorn is started without --proxy-headers; only recent versions enable it.';
  return [makeFinding('CX111', 'warning', detail, evidence)];
}

function missingTrust(server: ServerCommand, evidence: Evidence[], value?: string): Finding {
  const which = server.kind === 'gunicorn' ? 'gunicorn' : 'uvicorn';
  const set = value === undefined ? 'no --forwarded-allow-ips' : `--forwarded-allow-ips ${value}`;
  if (server.kind === 'gunicorn' && server.configFile && value === undefined) {
    const detail =
      `gunicorn has ${set} on its command line; it may be set in ${server.configFile}, ` +
      'which was not analysed.';
    return makeFinding('CX112', 'warning', detail, evidence);
  }

  const detail =
    `${which} has ${set}, so it trusts forwarded headers from 127.0.0.1 only, ` +
    'and nginx connects from another container.';
  return makeFinding('CX112', 'failing', detail, evidence);
}

function trustFindings(
  server: ServerCommand,
  env: Record<string, Env>,
  evidence: Evidence[],
  published: boolean,
): Finding[] {
  const fromEnv = env.FORWARDED_ALLOW_IPS;
  const raw = server.allowIps ?? fromEnv?.value;
  const ev = server.allowIps === undefined && fromEnv ? [fromEnv.evidence] : evidence;
  if (raw === undefined) return [missingTrust(server, evidence)];
  if (!server.quotesRemoved && server.allowIps !== undefined && /^(["']).*\1$/.test(raw)) {
    const detail = `uvicorn receives the value ${raw} with its quote characters.`;
    return [makeFinding('CX116', 'failing', detail, ev)];
  }

  const value = resolveVariable(raw, env);
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.includes('*')) {
    if (published) {
      const detail =
        'Forwarded headers are trusted from any peer, and the backend port is published.';
      return [makeFinding('CX113', 'warning', detail, ev)];
    }

    return [makeFinding('CX114', 'ok', 'Forwarded headers are trusted from any peer.', ev)];
  }

  if (items.length === 0 || items.every((s) => LOOPBACK.has(s))) {
    return [missingTrust(server, ev, value || '""')];
  }

  if (items.some((s) => s.includes('/'))) {
    return [makeFinding('CX114', 'ok', `Forwarded headers are trusted from ${value}.`, ev)];
  }

  const detail = `Forwarded headers are trusted only from ${value}.`;
  return [makeFinding('CX115', 'warning', detail, ev)];
}

/**
 * Checks the backend's start command: the Dockerfile's final stage, with the
 * compose service's command, entrypoint and environment applied. Never throws.
 */
export function checkBackendLaunch(input: BackendLaunchInput): Finding[] {
  const dsrc = input.dockerfile && new SourceText(input.dockerfile.file, input.dockerfile.text);
  const csrc = input.compose && new SourceText(input.compose.file, input.compose.text);
  const model = input.compose && parseCompose(input.compose.text, input.compose.file);
  const names = input.backend ?? ['backend', 'ai_hub_service'];
  const svc = model && findService(model, names);
  const image: ImageLaunch = input.dockerfile
    ? imageLaunch(parseDockerfile(input.dockerfile.text))
    : { env: {} };
  const published =
    input.backendPortPublished ??
    (model ? backendPortPublished(model, { backend: names }) : false);
  const out: Finding[] = [];
  for (const spec of [image.entrypoint, image.cmd]) {
    if (spec?.brokenJson && dsrc) {
      const detail = `Line ${spec.line} starts with "[" but is not a JSON array of strings.`;
      out.push(makeFinding('CX117', 'warning', detail, [dsrc.at(spec.line)]));
    }
  }

  const parts = launchParts(image, svc, dsrc, csrc);
  const evidence = parts.map((p) => p.evidence);
  const argv = parts.flatMap((p) => p.argv);
  const server = findServer(argv, parts.every((p) => p.quotesRemoved));
  if (!server) {
    const shown = argv.length > 0 ? argv.join(' ') : 'no command';
    const where = evidence.length > 0 ? evidence : [(dsrc ?? csrc)?.at(undefined) ?? { file: '?' }];
    out.push(makeFinding('CX110', 'warning', `The container runs: ${shown}.`, where));
    return out;
  }

  const env = environment(image, svc, dsrc, csrc);
  for (const [key, value] of Object.entries(server.inlineEnv)) {
    env[key] = { value, evidence: evidence[evidence.length - 1] ?? { file: '?' } };
  }

  out.push(...proxyHeaderFindings(server, evidence));
  out.push(...trustFindings(server, env, evidence, published));
  return out;
}

/** Checks a Dockerfile on its own (no compose overrides). Never throws. */
export function checkDockerfile(
  text: string,
  file: string,
  options: { backendPortPublished?: boolean } = {},
): Finding[] {
  const input: BackendLaunchInput = { dockerfile: { text, file } };
  if (options.backendPortPublished !== undefined) {
    input.backendPortPublished = options.backendPortPublished;
  }

  return checkBackendLaunch(input);
}
