/**
 * `cortex-ops deploy --yes [--json] [--dry-run] [--accept-new-host-key]`: the console's
 * deploy pipeline without a terminal UI. Exit 0 released (or planned), 1 not.
 */
import type { CommandContext } from '../run.js';
import { sessionSignal } from '../../services/lifecycle.js';
import { sshPool } from '../../services/ssh/connection.js';
import { openDeployContext } from '../../workflows/deploy/open.js';
import { runDeploy } from '../../workflows/deploy/pipeline.js';
import { printerSink } from '../../workflows/deploy/printer.js';

export async function run(ctx: CommandContext): Promise<number> {
  const { args } = ctx;
  if (!args.yes && !args.dryRun) {
    ctx.err('cortex-ops deploy: pass --yes to release without the console (or --dry-run ' +
      'to see the plan); nothing was done');
    return 2;
  }

  const session = await ctx.session();
  if (session.info.mode === 'demo') {
    await session.close();
    ctx.err('cortex-ops deploy: needs a config file (run cortex-ops init); nothing was done');
    return 2;
  }

  const abort = new AbortController();
  const onSignal = (): void => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const signal = AbortSignal.any([abort.signal, sessionSignal]);
  const dctx = await openDeployContext(session.config, {
    sink: printerSink(ctx.out, args.json), signal, configFile: session.info.configFile,
    acceptNewHostKey: args.acceptNewHostKey,
  });
  try {
    const outcome = await runDeploy(dctx, { dryRun: args.dryRun });
    if (args.json) {
      ctx.out(JSON.stringify({ event: 'result', ok: outcome.ok, result: outcome.result,
        message: outcome.message, releaseId: outcome.plan?.releaseId ?? null,
        durations: outcome.durations }));
    } else {
      (outcome.ok ? ctx.out : ctx.err)(`cortex-ops deploy: ${outcome.message}`);
    }

    return outcome.ok ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    sshPool.closeAll();
    await session.close();
  }
}
