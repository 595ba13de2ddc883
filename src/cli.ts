/** The entry point bundled into dist/cli.js. */
import { main } from './cli/run.js';

declare const CORTEX_OPS_VERSION: string;
const version = typeof CORTEX_OPS_VERSION === 'string' ? CORTEX_OPS_VERSION : 'dev';

main(process.argv.slice(2), version).then(
  (code) => {
    process.exitCode = code;
    // Open handles (a probe still waiting on a dead host) must not keep the process alive.
    setTimeout(() => process.exit(code), 50).unref();
  },
  (err: unknown) => {
    process.stderr.write(`cortex-ops: internal error: ${String(err)}\n`);
    process.exit(70);
  },
);
