/**
 * Runs the real console whose session fails to open after the first frame, as the demo stack
 * would if it could not start. The pty test checks the terminal is restored and the error
 * reaches the caller.
 */
import { letInkDrawFrames } from '../../src/ui/render-settings.js';

// As the console command does: CI runs this under CI=true, and ink would then draw nothing.
letInkDrawFrames();
const { runConsole } = await import('../../src/console.js');

const failure = new Error('the demo stack could not listen on 127.0.0.1 (stand-in failure)');
runConsole({
  session: {
    mode: 'demo', environment: 'demo', target: 'demo stack on loopback', production: false,
    readonly: false,
  },
  open: () => new Promise((_, reject) => setTimeout(() => reject(failure), 1500)),
}).then(
  (code) => {
    process.stdout.write(`resolved ${code}\n`);
  },
  (err: Error) => {
    process.stdout.write(`rejected: ${err.message}\n`);
    process.exitCode = 3;
  },
);
