/**
 * Turns the command line into a session: a config (from a file, or the demo stack's own)
 * and a description of the target for the header and reports.
 */
import type { CliArgs } from './args.js';
import { UsageError } from './args.js';
import { findConfigFile } from '../config/find.js';
import type { Config } from '../config/schema.js';
import type { SessionInfo } from '../state/app.js';
import type { DemoStack } from '../demo/stack.js';
import type { DemoFault } from '../demo/faults.js';

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

/**
 * A session the console can draw before it is open: what it targets, and how to open it. A
 * config is read (and any error in it reported) at once; the demo stack starts only when
 * `open` is called, so the console can draw its first frame before paying for the stack.
 */
export interface PlannedSession {
  info: SessionInfo;
  open(): Promise<Session>;
}

/** Finds and validates what the command line asks for. Throws ConfigError or UsageError. */
export async function planSession(args: CliArgs): Promise<PlannedSession> {
  const file = args.demo ? undefined : findConfigFile(args.config);
  if (file) {
    if (args.demoFaults.length) throw new UsageError('--demo-fault needs the demo (--demo)');
    // The YAML parser and the schema load only when there is a file to read.
    const { loadConfig } = await import('../config/load.js');
    const { config } = loadConfig(file);
    const session: Session = {
      config,
      info: {
        mode: 'config', environment: config.environment, target: describeTarget(config),
        configFile: file, production: config.production, readonly: args.readonly,
      },
      close: async () => undefined,
    };
    return { info: session.info, open: async () => session };
  }

  const { DEMO_FAULTS } = await import('../demo/faults.js');
  for (const f of args.demoFaults) {
    if (!(DEMO_FAULTS as readonly string[]).includes(f)) {
      throw new UsageError(`unknown demo fault "${f}"; faults are ${DEMO_FAULTS.join(', ')}`);
    }
  }

  const info: SessionInfo = {
    mode: 'demo', environment: 'demo', target: 'demo stack on loopback',
    production: false, readonly: args.readonly, noConfig: !args.demo,
  };
  const open = async (): Promise<Session> => {
    const { startDemoStack } = await import('../demo/stack.js');
    const demo = await startDemoStack();
    try {
      for (const f of args.demoFaults) await demo.setFault(f as DemoFault, true);
    } catch (err) {
      await demo.stop();
      throw err;
    }
    return { config: demo.config, demo, info, close: () => demo.stop() };
  };
  return { info, open };
}

/** Loads the config or starts the demo stack. Throws ConfigError or UsageError. */
export async function openSession(args: CliArgs): Promise<Session> {
  return (await planSession(args)).open();
}
