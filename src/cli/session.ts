/**
 * Turns the command line into a session: a config (from a file, or the demo stack's own)
 * and a description of the target for the header and reports.
 */
import type { CliArgs } from './args.js';
import { UsageError } from './args.js';
import { findConfigFile } from '../config/find.js';
import type { Config } from '../config/schema.js';
import type { SessionInfo } from '../state/app.js';
import type { DemoStack, DemoFault } from '../demo/stack.js';

export interface Session {
  config: Config;
  info: SessionInfo;
  demo?: DemoStack;
  /** Stops whatever the session started (the demo stack). */
  close(): Promise<void>;
}

function describeTarget(config: Config): string {
  const user = config.ssh.user ? `${config.ssh.user}@` : '';
  const port = config.ssh.port === 22 ? '' : `:${config.ssh.port}`;
  return `${user}${config.ssh.host}${port}`;
}

/** Loads the config or starts the demo stack. Throws ConfigError or UsageError. */
export async function openSession(args: CliArgs): Promise<Session> {
  const file = args.demo ? undefined : findConfigFile(args.config);
  if (file) {
    if (args.demoFaults.length) throw new UsageError('--demo-fault needs the demo (--demo)');
    // The YAML parser and the schema load only when there is a file to read.
    const { loadConfig } = await import('../config/load.js');
    const { config } = loadConfig(file);
    return {
      config,
      info: {
        mode: 'config', environment: config.environment, target: describeTarget(config),
        configFile: file, production: config.production, readonly: args.readonly,
      },
      close: async () => undefined,
    };
  }

  const { startDemoStack, DEMO_FAULTS } = await import('../demo/stack.js');
  for (const f of args.demoFaults) {
    if (!(DEMO_FAULTS as readonly string[]).includes(f)) {
      throw new UsageError(`unknown demo fault "${f}"; faults are ${DEMO_FAULTS.join(', ')}`);
    }
  }

  const demo = await startDemoStack();
  for (const f of args.demoFaults) await demo.setFault(f as DemoFault, true);
  return {
    config: demo.config,
    demo,
    info: {
      mode: 'demo', environment: 'demo', target: 'demo stack on loopback',
      production: false, readonly: args.readonly, noConfig: !args.demo,
    },
    close: () => demo.stop(),
  };
}
