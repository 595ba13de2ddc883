/**
 * Finding, reading and validating `cortex-ops.yaml`. Every failure a user can fix becomes a
 * ConfigError whose message is one line: `file:line:col: field: what is wrong`.
 */
import { readFileSync } from 'node:fs';
export { findConfigFile, userConfigFile } from './find.js';
import { homedir } from 'node:os';
import path from 'node:path';
import {
  LineCounter, parseDocument, isMap, isNode, type Document, type Node, type Scalar,
} from 'yaml';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.js';

/** A configuration problem the user can fix; `message` is the single line to print. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = 'ConfigError';
  }
}

/** A loaded config and where it came from. */
export interface LoadedConfig {
  config: Config;
  file: string;
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(homedir(), p.slice(1)) : p;
}

/** Resolves `~` and paths relative to the config file's folder. */
function resolvePaths(config: Config, file: string): Config {
  const dir = path.dirname(file);
  const abs = (p: string): string => path.resolve(dir, expandHome(p));
  return {
    ...config,
    edge: {
      ...config.edge,
      caFile: config.edge.caFile && abs(config.edge.caFile),
      accessLog: config.edge.accessLog && abs(config.edge.accessLog),
    },
    ssh: {
      ...config.ssh,
      identityFile: config.ssh.identityFile && abs(config.ssh.identityFile),
      knownHostsFile: abs(config.ssh.knownHostsFile),
    },
    project: { ...config.project, workspace: abs(config.project.workspace) },
  };
}

/** The deepest node that exists along a path, so a missing key points at its parent. */
function nodeAt(doc: Document, keys: PropertyKey[]): { node: Node | undefined; depth: number } {
  for (let depth = keys.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(keys.slice(0, depth) as unknown[], true);
    if (isNode(node)) {
      // For a key that exists, point at the key itself rather than the start of its value.
      return { node, depth };
    }
  }

  return { node: undefined, depth: 0 };
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function describe(issue: z.core.$ZodIssue, present: boolean, value: unknown): string {
  if (issue.code === 'invalid_type') {
    const article = /^[aeiou]/.test(issue.expected) ? 'an' : 'a';
    return present
      ? `expected ${article} ${issue.expected}, got ${shown(value)}`
      : `is required (${article} ${issue.expected})`;
  }

  if (issue.code === 'unrecognized_keys') return `unknown key ${issue.keys.join(', ')}`;
  return issue.message;
}

function fieldName(keys: PropertyKey[]): string {
  return keys.map((k) => (typeof k === 'number' ? `[${k}]` : String(k))).join('.')
    .replace(/\.\[/g, '[');
}

/** Parses and validates config text; `file` is used only for messages and relative paths. */
export function parseConfig(text: string, file: string): Config {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = lines.linePos(yamlError.pos[0]);
    const reason = yamlError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(file, pos.line, pos.col, '', `not valid YAML: ${reason}`);
  }

  const data: unknown = doc.toJS() ?? {};
  const result = configSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const keys = issue.code === 'unrecognized_keys'
      ? [...issue.path, issue.keys[0]!]
      : issue.path;
    const { node, depth } = nodeAt(doc, keys);
    const present = depth === keys.length;
    const keyNode = present ? keyOf(doc, keys) : undefined;
    const offset = (keyNode ?? node)?.range?.[0] ?? 0;
    const pos = lines.linePos(offset);
    const where = present ? pos : keyPosition(doc, keys, depth, lines) ?? pos;
    const more = result.error.issues.length - 1;
    const suffix = more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : '';
    throw new ConfigError(file, where.line, where.col, fieldName(keys),
      describe(issue, present, doc.getIn(keys as unknown[])) + suffix);
  }

  return resolvePaths(result.data, file);
}

/** For an unknown key, the key node itself, so the position names the key and not its value. */
function keyOf(doc: Document, keys: PropertyKey[]): Node | undefined {
  const parent = keys.length === 1 ? doc.contents
    : doc.getIn(keys.slice(0, -1) as unknown[], true);
  if (!isMap(parent)) return undefined;
  const last = keys[keys.length - 1];
  const pair = parent.items.find((p) => isNode(p.key) && (p.key as Scalar).value === last);
  return pair && isNode(pair.key) ? pair.key : undefined;
}

/** For a missing key, the position of the map that should hold it. */
function keyPosition(doc: Document, keys: PropertyKey[], depth: number, lines: LineCounter) {
  const parent = depth === 0 ? doc.contents : doc.getIn(keys.slice(0, depth) as unknown[], true);
  if (isMap(parent) && parent.range) return lines.linePos(parent.range[0]);
  return undefined;
}

/** Reads and validates a config file. */
export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied'
      : String((err as Error).message);
    throw new ConfigError(file, 1, 1, '', `cannot read config: ${why}`);
  }

  return { config: parseConfig(text, file), file };
}
