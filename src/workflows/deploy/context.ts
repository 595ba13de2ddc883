/**
 * What every deploy step shares: the config, the one SSH connection, the release layout,
 * the redactor, the sink and the abort signal; and `remote()`, the single way a step runs
 * a command on the host (bounded in time, its output redacted and streamed as lines).
 */
import { readFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { Redactor, secretsFromDotenv } from '../../services/redact.js';
import { lineSplitter } from '../../services/runner.js';
import {
  inspectArgv, parseInspect, releaseLayout, type HostLayout, type ReleaseLayout,
} from '../../services/release/layout.js';
import type { ExecResult, SshConnection } from '../../services/ssh/connection.js';
import type { SshTarget } from '../../services/ssh/ssh-config.js';
import type { DeploySink, StepId } from './types.js';

/** Who runs the deploy, for the lock and the audit. */
export interface Operator {
  user: string;
  host: string;
  pid: number;
}

/** Shared by every step of one deploy. */
export interface DeployContext {
  config: Config;
  conn: SshConnection;
  target: SshTarget;
  layout: ReleaseLayout;
  redactor: Redactor;
  sink: DeploySink;
  signal: AbortSignal;
  operator: Operator;
  /** The local history file; default ~/.local/state/cortex-ops/history.jsonl. */
  historyFile?: string;
}

/** A command on the host failed; the message names it and its last error line. */
export class RemoteCommandError extends Error {
  override name = 'RemoteCommandError';
  readonly userFacing = true;

  constructor(readonly what: string, readonly code: number | null, readonly tail: string) {
    const last = tail.trim().split('\n').filter(Boolean).slice(-1)[0] ?? '';
    super(`${what} failed on the host (exit ${code ?? 'signal'})${last ? `: ${last}` : ''}`);
  }
}

/** Options of one remote command. */
export interface RemoteOptions {
  timeoutMs: number;
  stdin?: string;
  /** Show each output line under this step. */
  stream?: StepId;
  /** Called with each (redacted) output line. */
  onLine?: (line: string) => void;
  /** Exit codes that are not failures. */
  okCodes?: number[];
  /** Instead of the deploy's signal: clean-up must run after an abort. */
  signal?: AbortSignal;
}

/** Options of a remote command whose exit status is returned, not judged. */
export interface ExecFixedOptions {
  timeoutMs: number;
  stdin?: string;
  signal?: AbortSignal;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

/** Runs argv on the host and resolves with its result. */
export function execFixed(ctx: DeployContext, argv: readonly string[],
  opts: ExecFixedOptions): Promise<ExecResult> {
  return ctx.conn.exec(argv, {
    signal: opts.signal ?? ctx.signal, timeoutMs: opts.timeoutMs, stdin: opts.stdin,
    onStdout: opts.onStdout, onStderr: opts.onStderr,
  });
}

/** Runs argv on the host; rejects with RemoteCommandError unless it exits 0 (or okCodes). */
export async function remote(ctx: DeployContext, what: string, argv: readonly string[],
  opts: RemoteOptions): Promise<ExecResult> {
  const emit = (line: string): void => {
    if (line.trim() === '') return;
    const text = ctx.redactor.redact(line);
    if (opts.stream) ctx.sink.line(opts.stream, text);
    opts.onLine?.(text);
  };
  const out = lineSplitter(emit);
  const err = lineSplitter(emit);
  const streaming = opts.stream !== undefined || opts.onLine !== undefined;
  const result = await execFixed(ctx, argv, {
    signal: opts.signal, timeoutMs: opts.timeoutMs, stdin: opts.stdin,
    onStdout: streaming ? (c) => out.push(c) : undefined,
    onStderr: streaming ? (c) => err.push(c) : undefined,
  });
  out.flush();
  err.flush();
  const ok = [0, ...(opts.okCodes ?? [])];
  if (result.code === null || !ok.includes(result.code)) {
    throw new RemoteCommandError(what, result.code, ctx.redactor.redact(result.stderr ||
      result.stdout));
  }

  return result;
}

/** The local operator. */
export function localOperator(): Operator {
  let user = process.env.USER ?? '';
  try {
    user ||= userInfo().username;
  } catch {
    user ||= 'unknown';
  }

  return { user, host: hostname(), pid: process.pid };
}

/**
 * A redactor that knows the workspace's .env values and anything secret-looking in the
 * config file, so neither shows on screen, in logs or in the audit.
 */
export async function deployRedactor(config: Config, configFile?: string): Promise<Redactor> {
  const redactor = new Redactor();
  const files = [path.join(config.project.workspace, '.env')];
  if (configFile) files.push(configFile);
  for (const file of files) {
    try {
      const text = await readFile(file, 'utf8');
      redactor.add(file.endsWith('.env') ? secretsFromDotenv(text) : configSecrets(text));
    } catch {
      continue;
    }
  }

  return redactor;
}

/**
 * Values in config text that are secret: values of keys that sound secret (`token: …`)
 * and passwords inside URLs (`http://user:secret@host`).
 */
export function configSecrets(text: string): string[] {
  const out: string[] = [];
  const re = /^\s*[\w.-]*(pass(word)?|secret|token|api[_-]?key|credential)[\w.-]*\s*:\s*(.+)$/gim;
  for (const m of text.matchAll(re)) {
    const v = m[3]!.trim().replace(/^(['"])(.*)\1$/, '$2');
    if (v.length >= 4) out.push(v);
  }

  for (const m of text.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s@/]+)@/gi)) {
    if (m[1]!.length >= 4) out.push(m[1]!);
  }

  return out;
}

/** The layout for a config (validated here, against the host's home in preflight). */
export function layoutFor(config: Config): ReleaseLayout {
  return releaseLayout(config.project.remoteDir);
}

/** The host's side of the release layout now: releases, `current`, their metadata. */
export async function readHostLayout(ctx: DeployContext): Promise<HostLayout> {
  return parseInspect((await remote(ctx, 'listing releases', inspectArgv(ctx.layout),
    { timeoutMs: 30_000 })).stdout);
}
