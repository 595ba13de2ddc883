/**
 * `cortex-ops snapshot [--output FILE]`: writes one redacted tar.gz with what an incident
 * review needs (compose ps, logs, nginx -T, Envoy's cluster and admin views, versions, the
 * doctor report). Exit 0 when written (parts that could not be collected are listed in its
 * manifest), 2 on usage or config errors. With --json it prints {"file": PATH}.
 */
import type { CommandContext } from '../run.js';
import { UsageError } from '../args.js';
import { sessionSignal } from '../../services/lifecycle.js';
import { openTroubleshoot } from '../../workflows/runbooks/context.js';
import { writeSnapshot } from '../../workflows/snapshot/index.js';

export async function run(ctx: CommandContext): Promise<number> {
  if (ctx.args.rest.length) {
    throw new UsageError(`snapshot takes no arguments (${ctx.args.rest[0]}); use --output FILE`);
  }

  const session = await ctx.session();
  try {
    const tctx = await openTroubleshoot({
      config: session.config, demo: session.demo,
      policy: { kind: 'non-interactive', acceptNewHostKey: ctx.args.acceptNewHostKey },
    });
    const file = await writeSnapshot(tctx, {
      signal: sessionSignal, output: ctx.args.output, readonly: ctx.args.readonly,
    });
    if (ctx.args.json) ctx.out(JSON.stringify({ file }));
    else ctx.out(`snapshot written to ${file}`);
    return 0;
  } finally {
    await session.close();
  }
}
