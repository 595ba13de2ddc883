/** The console: opens the session, then the full-screen UI. */
import type { CommandContext } from '../run.js';
import { DEMO_FAULT_SUMMARY, type DemoFault } from '../../demo/faults.js';
import { setConsoleSession } from '../../workflows/sweep/session.js';
import { letInkDrawFrames } from '../../ui/render-settings.js';
import type { Session } from '../session.js';
import type { Config } from '../../config/schema.js';

export async function run(ctx: CommandContext): Promise<number> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    ctx.err('cortex-ops: the console needs a terminal; for scripts use ' +
      '`cortex-ops status --json` (or doctor, deploy --yes)');
    return 2;
  }

  letInkDrawFrames();

  // Ink and the screens load while the command line is checked. A config is read and any
  // error in it reported before the console opens; the demo stack starts after the first frame.
  const consoleModule = import('../../console.js');
  const plan = await (await import('../session.js')).planSession(ctx.args);
  const { runConsole } = await consoleModule;
  let session: Session | undefined;
  // Screens probe only a registered session, so rendering them in tests reaches nothing.
  const register = (opened: Session): Config => {
    session = opened;
    setConsoleSession({ demo: opened.demo });
    return opened.config;
  };
  const demo = plan.info.mode === 'demo';
  let setupAfter = false;
  try {
    const config = demo ? undefined : register(await plan.open());
    const code = await runConsole({
      config,
      open: demo ? async () => register(await plan.open()) : undefined,
      session: plan.info,
      controller: demo ? {
        setup: plan.info.noConfig ? () => void (setupAfter = true) : undefined,
        demoFaults: () => Object.entries(session?.demo?.faults() ?? {}).map(([name, on]) => ({
          name, on, summary: DEMO_FAULT_SUMMARY[name as DemoFault],
        })),
        toggleDemoFault: async (name) => {
          const stack = session?.demo;
          if (!stack) throw new Error('the demo stack is still starting');
          const fault = name as DemoFault;
          await stack.setFault(fault, !stack.faults()[fault]);
        },
      } : undefined,
      // The startup benchmark's marker: printed once the first full frame is on screen.
      onFirstFrame: process.env.CORTEX_OPS_BENCH_FIRST_FRAME
        ? () => void process.stderr.write('first-frame\n')
        : undefined,
    });
    if (!setupAfter) return code;
  } finally {
    setConsoleSession(undefined);
    await session?.close();
  }

  // The console has restored the terminal; init asks its questions on the plain terminal.
  const init = await import('./init.js');
  return init.run(ctx);
}
