/**
 * Runs one command and turns every outcome into an exit code: 0 healthy, 1 problems found,
 * 2 usage or config error. Errors a user can fix print one line; bugs keep their stack.
 */
import { HELP, parseCli, UsageError, type CliArgs, type CommandName } from './args.js';
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
  deploy: async () => notBuilt('deploy', 'the deploy pipeline'),
  init: async () => notBuilt('init', 'first-time setup'),
  snapshot: () => import('./commands/snapshot.js'),
};

function notBuilt(name: string, what: string): Command {
  return {
    run: async (ctx) => {
      ctx.err(`cortex-ops ${name}: not built yet (${what}); nothing was done`);
      return 2;
    },
  };
}

/** Errors whose message is meant for the user as it stands. */
function isUserError(err: unknown): err is Error {
  return err instanceof Error && (err instanceof UsageError || err.name.endsWith('Error') &&
    'userFacing' in err || err.name === 'ConfigError');
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
      return 2;
    }

    err(`cortex-ops: internal error, please report it:\n${(e as Error).stack ?? String(e)}`);
    return 70;
  }
}
