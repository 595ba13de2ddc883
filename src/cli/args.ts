/**
 * The command line: which command, which options. Pure, so every combination is tested
 * without running anything.
 */
import { parseArgs } from 'node:util';

export const COMMANDS = [
  'console', 'status', 'doctor', 'deploy', 'init', 'schema', 'snapshot',
] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Parsed options shared by every command. */
export interface CliArgs {
  command: CommandName;
  config?: string;
  demo: boolean;
  demoFaults: string[];
  json: boolean;
  watch: boolean;
  strict: boolean;
  yes: boolean;
  dryRun: boolean;
  readonly: boolean;
  acceptNewHostKey: boolean;
  output?: string;
  version: boolean;
  help: boolean;
  rest: string[];
}

/** A usage problem: one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const HELP = `cortex-ops: operate and release the Envoy + Nginx + FastAPI stack

Usage:
  cortex-ops [--config FILE] [--demo]        open the console
  cortex-ops status [--json] [--watch]       health of every hop, once (or repeatedly)
  cortex-ops doctor [--json] [--strict]      run the troubleshooting runbooks
  cortex-ops deploy [--yes] [--dry-run] [--json]
                                             release the workspace to the host
  cortex-ops init                            write a cortex-ops.yaml for this workspace
  cortex-ops snapshot [--output FILE]        write an incident snapshot archive
  cortex-ops schema                          print the config's JSON Schema

Options:
  --config FILE            config file (default: ./cortex-ops.yaml, then
                           ~/.config/cortex-ops/cortex-ops.yaml)
  --demo                   use the built-in demo stack (also when no config exists)
  --demo-fault NAME        demo: start with a pitfall switched on (oidc-scheme,
                           ws-upgrade, port-collision, cluster-port); repeatable
  --json                   machine-readable output
  --readonly               hide and refuse every action that changes the target
  --accept-new-host-key    trust an unknown SSH host key without asking
  --version, --help

Exit codes: 0 healthy, 1 problems found, 2 usage or config error.
`;

/** Parses argv (without node and the script). Throws UsageError. */
export function parseCli(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string', short: 'c' },
        demo: { type: 'boolean', default: false },
        'demo-fault': { type: 'string', multiple: true, default: [] },
        json: { type: 'boolean', default: false },
        watch: { type: 'boolean', short: 'w', default: false },
        strict: { type: 'boolean', default: false },
        yes: { type: 'boolean', short: 'y', default: false },
        'dry-run': { type: 'boolean', default: false },
        readonly: { type: 'boolean', default: false },
        'accept-new-host-key': { type: 'boolean', default: false },
        output: { type: 'string', short: 'o' },
        version: { type: 'boolean', short: 'V', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}; see cortex-ops --help`);
  }

  const [first, ...rest] = parsed.positionals;
  const command = (first ?? 'console') as CommandName;
  if (!COMMANDS.includes(command)) {
    throw new UsageError(`unknown command "${first}"; commands are ${COMMANDS.join(', ')}`);
  }

  const v = parsed.values;
  return {
    command, config: v.config, demo: v.demo, demoFaults: v['demo-fault'], json: v.json,
    watch: v.watch, strict: v.strict, yes: v.yes, dryRun: v['dry-run'], readonly: v.readonly,
    acceptNewHostKey: v['accept-new-host-key'], output: v.output, version: v.version,
    help: v.help, rest,
  };
}
