/** The console: opens the session, then the full-screen UI. */
import type { CommandContext } from '../run.js';
import { DEMO_FAULT_SUMMARY, type DemoFault } from '../../demo/stack.js';
import { setConsoleSession } from '../../workflows/sweep/session.js';

export async function run(ctx: CommandContext): Promise<number> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    ctx.err('cortex-ops: the console needs a terminal; for scripts use ' +
      '`cortex-ops status --json` (or doctor, deploy --yes)');
    return 2;
  }

  // Ink draws only a final frame when it believes it runs in CI (CI, CI_* in the
  // environment). On a terminal the console is interactive whatever the environment says.
  if (process.env.CI !== undefined || Object.keys(process.env).some((k) => k.startsWith('CI_'))) {
    process.env.CI = 'false';
  }

  // Ink and the screens load while the session opens (config, or the demo stack).
  const consoleModule = import('../../console.js');
  const session = await ctx.session();
  const { runConsole } = await consoleModule;
  const demo = session.demo;
  // Screens probe only a registered session, so rendering them in tests reaches nothing.
  setConsoleSession({ demo });
  let setupAfter = false;
  try {
    const code = await runConsole({
      config: session.config,
      session: session.info,
      controller: demo && {
        setup: session.info.noConfig ? () => void (setupAfter = true) : undefined,
        demoFaults: () => Object.entries(demo.faults()).map(([name, on]) => ({
          name, on, summary: DEMO_FAULT_SUMMARY[name as DemoFault],
        })),
        toggleDemoFault: async (name) => {
          const fault = name as DemoFault;
          await demo.setFault(fault, !demo.faults()[fault]);
        },
      },
      // The startup benchmark's marker: printed once the first full frame is on screen.
      onFirstFrame: process.env.CORTEX_OPS_BENCH_FIRST_FRAME
        ? () => void process.stderr.write('first-frame\n')
        : undefined,
    });
    if (!setupAfter) return code;
  } finally {
    setConsoleSession(undefined);
    await session.close();
  }

  // The console has restored the terminal; init asks its questions on the plain terminal.
  const init = await import('./init.js');
  return init.run(ctx);
}
