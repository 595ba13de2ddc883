/**
 * Finds the uvicorn or gunicorn invocation inside a container's argv,
 * looking through `sh -c "..."` wrappers, `exec`, `python -m` and inline
 * `NAME=value` assignments, and reads its proxy-related options.
 */
import { splitShellCommands } from './shell-words.js';

/** The server command found in argv and the options that matter here. */
export interface ServerCommand {
  kind: 'uvicorn' | 'gunicorn';
  /** The words after the program name. */
  args: string[];
  /** True for --proxy-headers, false for --no-proxy-headers, undefined when absent. */
  proxyHeaders?: boolean;
  /** The value of --forwarded-allow-ips as passed, when given. */
  allowIps?: string;
  /** gunicorn's worker class (-k / --worker-class). */
  worker?: string;
  /** gunicorn's config file (-c / --config), which may set forwarded_allow_ips. */
  configFile?: string;
  /** True when a shell or shlex removed quotes before the server saw its args. */
  quotesRemoved: boolean;
  /** `NAME=value` assignments that precede the command in a shell line. */
  inlineEnv: Record<string, string>;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
const WRAPPERS = new Set(['exec', 'env', 'nohup', 'tini', '--', 'dumb-init']);

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

interface Program {
  kind: ServerCommand['kind'];
  /** How many words make up the program name, e.g. 3 for `python -m uvicorn`. */
  skip: number;
}

function programAt(words: string[], i: number): Program | undefined {
  const name = basename(words[i] ?? '');
  if (name === 'uvicorn' || name === 'gunicorn') return { kind: name, skip: 1 };
  const module = words[i + 2];
  if (/^python[0-9.]*$/.test(name) && words[i + 1] === '-m') {
    if (module === 'uvicorn' || module === 'gunicorn') return { kind: module, skip: 3 };
  }

  return undefined;
}

/** Splits `--name=value` or `--name value` forms. */
function optionValue(args: string[], i: number, names: string[]): string | undefined {
  const word = args[i] ?? '';
  for (const name of names) {
    if (word.startsWith(`${name}=`)) return word.slice(name.length + 1);
    if (word === name) return args[i + 1] ?? '';
  }

  return undefined;
}

function readOptions(cmd: ServerCommand): ServerCommand {
  const { args } = cmd;
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i] ?? '';
    if (word === '--proxy-headers') cmd.proxyHeaders = true;
    if (word === '--no-proxy-headers') cmd.proxyHeaders = false;
    const allow = optionValue(args, i, ['--forwarded-allow-ips']);
    if (allow !== undefined) cmd.allowIps = allow;
    const worker = optionValue(args, i, ['-k', '--worker-class']);
    if (worker !== undefined) cmd.worker = worker;
    const config = optionValue(args, i, ['-c', '--config']);
    if (config !== undefined && cmd.kind === 'gunicorn') cmd.configFile = config;
  }

  return cmd;
}

function scan(words: string[], quotesRemoved: boolean): ServerCommand | undefined {
  const inlineEnv: Record<string, string> = {};
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? '';
    const found = programAt(words, i);
    if (found) {
      const args = words.slice(i + found.skip);
      return readOptions({ kind: found.kind, args, quotesRemoved, inlineEnv });
    }

    const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(word);
    if (assign && quotesRemoved) inlineEnv[assign[1] ?? ''] = assign[2] ?? '';
    else if (!WRAPPERS.has(basename(word)) && !word.startsWith('-')) break;
  }

  return undefined;
}

function shellScript(words: string[]): string | undefined {
  for (let i = 0; i < words.length - 2; i += 1) {
    const isShell = SHELLS.has(basename(words[i] ?? ''));
    if (isShell && /^-[a-z]*c[a-z]*$/.test(words[i + 1] ?? '')) return words[i + 2];
  }

  return undefined;
}

/**
 * The first uvicorn or gunicorn command in argv or in the shell scripts it
 * runs. `quotesRemoved` says whether argv already went through word splitting.
 */
export function findServer(argv: string[], quotesRemoved: boolean): ServerCommand | undefined {
  let todo: { words: string[]; quotesRemoved: boolean }[] = [{ words: argv, quotesRemoved }];
  // Nested `sh -c` wrappers are rare; a few levels are enough and bound the work.
  for (let depth = 0; depth < 4 && todo.length > 0; depth += 1) {
    const next: typeof todo = [];
    for (const item of todo) {
      for (let start = 0; start < item.words.length; start += 1) {
        const found = scan(item.words.slice(start), item.quotesRemoved);
        if (found) return found;
      }

      const script = shellScript(item.words);
      if (script === undefined) continue;
      for (const words of splitShellCommands(script)) next.push({ words, quotesRemoved: true });
    }

    todo = next;
  }

  return undefined;
}
