/**
 * Runs one command and turns every outcome into an exit code: 0 healthy, 1 problems found,
 * 2 usage or config error. Errors a user can fix print one line; bugs keep their stack.
 */
import { HELP, parseCli, type CliArgs, type CommandName } from './args.js';
import type { Session } from './session.js';

/** What a command receives. */
export interface CommandContext {
  args: CliArgs;
  /** Opens the session (config or demo) on first use. */
  session: () => Promise<Session>;
  out: (line: string) => void;
  err: (line: string) => void;
}

type Command = { run: (ctx: CommandContext) => Promise<number> };

/** Each command loads only when used, so the console starts without the others' code. */
const LOADERS: Record<CommandName, () => Promise<Command>> = {
  console: () => import('./commands/console.js'),
  status: () => import('./commands/status.js'),
  schema: () => import('./commands/schema.js'),
  doctor: () => import('./commands/doctor.js'),
  deploy: () => import('./commands/deploy.js'),
  init: () => import('./commands/init.js'),
  snapshot: () => import('./commands/snapshot.js'),
};

const BUILT_IN_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'ReferenceError',
  'SyntaxError', 'EvalError', 'URIError', 'AggregateError']);

/**
 * Errors whose message is meant for the user as it stands. Every error a user can fix is a
 * class of its own that sets its `name` (ConfigError, SshUnreachableError, LockHeldError...);
 * a plain Error or a TypeError is a bug and keeps its stack.
 */
function isUserError(err: unknown): err is Error {
  return err instanceof Error && !BUILT_IN_ERRORS.has(err.name);
}

/** Usage and config errors exit 2; any other error a user can fix is a problem found, 1. */
function exitCodeOf(err: Error): number {
  return err.name === 'UsageError' || err.name === 'ConfigError' ? 2 : 1;
}

export async function main(argv: string[], version: string): Promise<number> {
  const out = (line: string): void => void process.stdout.write(line + '\n');
  const err = (line: string): void => void process.stderr.write(line + '\n');
  let args: CliArgs;
  try {
    args = parseCli(argv);
  } catch (e) {
    err(`cortex-ops: ${(e as Error).message}`);
    return 2;
  }

  if (args.help) {
    out(HELP);
    return 0;
  }

  if (args.version) {
    out(version);
    return 0;
  }

  let opened: Promise<Session> | undefined;
  const session = (): Promise<Session> => {
    opened ??= import('./session.js').then((m) => m.openSession(args));
    return opened;
  };

  try {
    const command = await LOADERS[args.command]();
    return await command.run({ args, session, out, err });
  } catch (e) {
    if (isUserError(e)) {
      err(`cortex-ops: ${e.message}`);
      return exitCodeOf(e);
    }

    err(`cortex-ops: internal error, please report it:\n${(e as Error).stack ?? String(e)}`);
    return 70;
  }
}
