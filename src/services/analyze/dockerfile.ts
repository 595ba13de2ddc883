/**
 * A tolerant Dockerfile reader: logical lines (continuations, comments,
 * heredocs), instructions, build stages, and the command the final image runs.
 * It never throws.
 */
import { splitShellWords } from './shell-words.js';

/** One instruction, with its keyword upper-cased and its arguments as written. */
export interface DockerInstruction {
  keyword: string;
  args: string;
  /** The 1-based line where the instruction starts. */
  line: number;
}

/** A CMD or ENTRYPOINT (or a compose command) as argv. */
export interface CommandSpec {
  /** `exec` runs argv directly; `shell` runs it through /bin/sh -c. */
  form: 'exec' | 'shell';
  /** For shell form: ['/bin/sh', '-c', text]. */
  argv: string[];
  line: number;
  /** Shell form text that starts with `[`: it was meant as JSON but is not valid. */
  brokenJson?: boolean;
}

/** An environment variable with the line that sets it. */
export interface EnvValue {
  value: string;
  line: number;
}

/** What the final stage of a Dockerfile runs and with which environment. */
export interface ImageLaunch {
  entrypoint?: CommandSpec;
  cmd?: CommandSpec;
  env: Record<string, EnvValue>;
}

interface Stage {
  name?: string;
  base: string;
  cmd?: CommandSpec;
  entrypoint?: CommandSpec;
  env: Record<string, EnvValue>;
}

function escapeChar(lines: string[]): string {
  for (const raw of lines) {
    const m = /^\s*#\s*([a-z]+)\s*=\s*(\S+)\s*$/i.exec(raw);
    if (!m) return '\\';
    if (m[1]?.toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) return m[2];
  }

  return '\\';
}

function heredocTerminators(text: string): string[] {
  return [...text.matchAll(/<<-?\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\1/g)].map((m) => m[2] ?? '');
}

/** Splits a Dockerfile into instructions. Never throws. */
export function parseDockerfile(text: string): DockerInstruction[] {
  const lines = text.split(/\r\n|\n|\r/);
  const escape = escapeChar(lines);
  const out: DockerInstruction[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = lines[i] ?? '';
    const start = i;
    i += 1;
    if (/^\s*(#|$)/.test(first)) continue;
    let logical = first;
    while (logical.trimEnd().endsWith(escape) && i < lines.length) {
      logical = logical.trimEnd().slice(0, -1);
      const next = lines[i] ?? '';
      i += 1;
      // Comment lines inside a continuation are removed by Docker.
      if (/^\s*#/.test(next)) logical += escape;
      else logical += ` ${next.trim()}`;
    }

    for (const end of heredocTerminators(logical)) {
      while (i < lines.length && (lines[i] ?? '').trim() !== end) i += 1;
      i += 1;
    }

    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(logical);
    if (!m) continue;
    out.push({ keyword: (m[1] ?? '').toUpperCase(), args: (m[2] ?? '').trim(), line: start + 1 });
  }

  return out;
}

/** Reads CMD/ENTRYPOINT arguments in exec (JSON) or shell form, as Docker does. */
export function parseCommand(args: string, line: number): CommandSpec {
  const text = args.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) {
        return { form: 'exec', argv: parsed, line };
      }
    } catch {
      // Docker falls back to shell form for invalid JSON; so do we.
    }

    return { form: 'shell', argv: ['/bin/sh', '-c', text], line, brokenJson: true };
  }

  return { form: 'shell', argv: ['/bin/sh', '-c', text], line };
}

function parseEnv(args: string, line: number): Record<string, EnvValue> {
  const env: Record<string, EnvValue> = {};
  const firstWord = args.split(/\s+/)[0] ?? '';
  if (!firstWord.includes('=')) {
    const rest = args.slice(firstWord.length).trim();
    if (firstWord) env[firstWord] = { value: splitShellWords(rest).join(' '), line };
    return env;
  }

  for (const word of splitShellWords(args)) {
    const eq = word.indexOf('=');
    if (eq > 0) env[word.slice(0, eq)] = { value: word.slice(eq + 1), line };
  }

  return env;
}

function applyInstruction(stage: Stage, ins: DockerInstruction): void {
  if (ins.keyword === 'CMD') stage.cmd = parseCommand(ins.args, ins.line);
  if (ins.keyword === 'ENTRYPOINT') {
    stage.entrypoint = parseCommand(ins.args, ins.line);
  }

  if (ins.keyword === 'ENV') Object.assign(stage.env, parseEnv(ins.args, ins.line));
}

function newStage(ins: DockerInstruction, stages: Stage[]): Stage {
  const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
  const base = words[0] ?? '';
  const name = words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined;
  const parent = stages.find((s) => s.name !== undefined && s.name === base.toLowerCase());
  const stage: Stage = { name, base, env: { ...(parent?.env ?? {}) } };
  if (parent?.cmd) stage.cmd = parent.cmd;
  if (parent?.entrypoint) stage.entrypoint = parent.entrypoint;
  return stage;
}

/**
 * The command and environment of the final stage, following `FROM <stage>`
 * inheritance. An ENTRYPOINT clears a CMD inherited from the base, as Docker does.
 */
export function imageLaunch(instructions: DockerInstruction[]): ImageLaunch {
  const stages: Stage[] = [];
  let current: Stage = { base: '', env: {} };
  let inheritedCmd = false;
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      stages.push(current);
      current = newStage(ins, stages);
      inheritedCmd = current.cmd !== undefined;
      continue;
    }

    if (ins.keyword === 'ENTRYPOINT' && inheritedCmd) delete current.cmd;
    if (ins.keyword === 'CMD') inheritedCmd = false;
    applyInstruction(current, ins);
  }

  const launch: ImageLaunch = { env: current.env };
  if (current.cmd) launch.cmd = current.cmd;
  if (current.entrypoint) launch.entrypoint = current.entrypoint;
  return launch;
}
