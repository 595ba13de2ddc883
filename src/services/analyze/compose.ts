/**
 * Reads docker-compose.yml into a typed model that keeps a line number for
 * every service and port. It never throws: YAML errors are returned in
 * `errors` and whatever could be read is still modelled.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

import { parsePort, type ComposePort } from './compose-ports.js';
import { splitShellWords } from './shell-words.js';

export type { ComposePort, PortRange } from './compose-ports.js';

/** A value read from the file with its 1-based position. */
export interface Located<T> {
  value: T;
  line: number;
  column: number;
}

/** A compose `command` or `entrypoint`: a string is split like shlex, a list is kept. */
export interface ComposeCommand {
  argv: string[];
  form: 'string' | 'list';
  line: number;
}

/** One service of the compose file. */
export interface ComposeService {
  name: string;
  line: number;
  containerName?: string;
  image?: string;
  build?: { context?: string; dockerfile?: string; line: number };
  command?: ComposeCommand;
  entrypoint?: ComposeCommand;
  ports: ComposePort[];
  expose: Located<string>[];
  environment: Record<string, Located<string>>;
  envFile: string[];
  restart?: string;
  healthcheck?: { test?: string[]; disabled: boolean; line: number };
}

/** A YAML syntax error. */
export interface ComposeError {
  message: string;
  line: number;
  column: number;
}

/** The whole compose file. */
export interface ComposeModel {
  file: string;
  services: ComposeService[];
  errors: ComposeError[];
}

type Pos = (node: unknown) => { line: number; column: number };

function text(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  const v = node.value;
  return typeof v === 'object' ? undefined : String(v);
}

function field(map: unknown, key: string): unknown {
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => text(p.key) === key);
  return pair?.value ?? undefined;
}

function strings(node: unknown): string[] {
  if (isSeq(node)) return node.items.map(text).filter((s): s is string => s !== undefined);
  const one = text(node);
  return one === undefined ? [] : [one];
}

function located(node: unknown, pos: Pos): Located<string>[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item) => {
    const value = text(item);
    return value === undefined ? [] : [{ value, ...pos(item) }];
  });
}

function command(node: unknown, pos: Pos): ComposeCommand | undefined {
  if (node === undefined || node === null) return undefined;
  const line = pos(node).line;
  if (isSeq(node)) return { argv: strings(node), form: 'list', line };
  const one = text(node);
  return one === undefined ? undefined : { argv: splitShellWords(one), form: 'string', line };
}

function environment(node: unknown, pos: Pos): Record<string, Located<string>> {
  const env: Record<string, Located<string>> = {};
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = text(pair.key);
      if (key !== undefined) env[key] = { value: text(pair.value) ?? '', ...pos(pair.key) };
    }
  }

  if (isSeq(node)) {
    for (const item of node.items) {
      const entry = text(item) ?? '';
      const eq = entry.indexOf('=');
      const key = eq === -1 ? entry : entry.slice(0, eq);
      if (key) env[key] = { value: eq === -1 ? '' : entry.slice(eq + 1), ...pos(item) };
    }
  }

  return env;
}

function build(node: unknown, pos: Pos): ComposeService['build'] {
  if (node === undefined || node === null) return undefined;
  const line = pos(node).line;
  const context = isMap(node) ? text(field(node, 'context')) : text(node);
  const dockerfile = text(field(node, 'dockerfile'));
  const out: NonNullable<ComposeService['build']> = { line };
  if (context !== undefined) out.context = context;
  if (dockerfile !== undefined) out.dockerfile = dockerfile;
  return out;
}

function healthcheck(node: unknown, pos: Pos): ComposeService['healthcheck'] {
  if (!isMap(node)) return undefined;
  const testNode = field(node, 'test');
  const out: NonNullable<ComposeService['healthcheck']> = {
    disabled: text(field(node, 'disable')) === 'true',
    line: pos(node).line,
  };

  if (testNode !== undefined) out.test = strings(testNode);
  return out;
}

function ports(node: unknown, pos: Pos): ComposePort[] {
  if (!isSeq(node)) return [];
  return node.items.map((item) => parsePort(item, pos(item)));
}

function service(name: string, keyNode: unknown, body: unknown, pos: Pos): ComposeService {
  const svc: ComposeService = {
    name,
    line: pos(keyNode).line,
    ports: ports(field(body, 'ports'), pos),
    expose: located(field(body, 'expose'), pos),
    environment: environment(field(body, 'environment'), pos),
    envFile: strings(field(body, 'env_file')),
  };

  const optional = {
    containerName: text(field(body, 'container_name')),
    image: text(field(body, 'image')),
    build: build(field(body, 'build'), pos),
    command: command(field(body, 'command'), pos),
    entrypoint: command(field(body, 'entrypoint'), pos),
    restart: text(field(body, 'restart')),
    healthcheck: healthcheck(field(body, 'healthcheck'), pos),
  };

  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(svc, { [key]: value });
  }

  return svc;
}

function readDocument(source: string, lineCounter: LineCounter) {
  try {
    return parseDocument(source, { lineCounter, uniqueKeys: false });
  } catch (err) {
    // The yaml package reports problems as errors; a throw is a library failure on odd input.
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Parses docker-compose.yml text. Never throws. */
export function parseCompose(source: string, file: string): ComposeModel {
  const lineCounter = new LineCounter();
  const model: ComposeModel = { file, services: [], errors: [] };
  const doc = readDocument(source, lineCounter);
  if ('error' in doc) {
    model.errors.push({ message: doc.error, line: 1, column: 1 });
    return model;
  }

  for (const e of doc.errors) {
    const at = e.linePos?.[0] ?? { line: 1, col: 1 };
    const first = e.message.split('\n')[0] ?? e.message;
    const message = first.replace(/ at line \d+, column \d+:?$/, '');
    model.errors.push({ message, line: at.line, column: at.col });
  }

  const pos: Pos = (node) => {
    const offset = (node as Node | undefined)?.range?.[0];
    if (offset === undefined) return { line: 1, column: 1 };
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };

  const services = field(doc.contents, 'services');
  if (!isMap(services)) return model;
  for (const pair of services.items) {
    const name = text(pair.key);
    if (name !== undefined) model.services.push(service(name, pair.key, pair.value, pos));
  }

  return model;
}

/** The service whose name or container_name is one of `names`. */
export function findService(model: ComposeModel, names: string[]): ComposeService | undefined {
  return (
    model.services.find((s) => names.includes(s.name)) ??
    model.services.find((s) => s.containerName !== undefined && names.includes(s.containerName))
  );
}
