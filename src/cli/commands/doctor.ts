/**
 * `cortex-ops doctor [--json] [--strict] [--readonly]`: runs every runbook in the order of
 * the request path and prints each finding with its stable code. Exit 0 when nothing fails
 * (warnings fail only with --strict), 1 when something fails, 2 on usage or config errors.
 */
import type { CommandContext } from '../run.js';
import { UsageError } from '../args.js';
import { sessionSignal } from '../../services/lifecycle.js';
import { openTroubleshoot, runAll } from '../../workflows/runbooks/index.js';
import { buildReport, reportLines } from '../../workflows/runbooks/report.js';
import { redactorFor } from '../../workflows/snapshot/redactor.js';

export async function run(ctx: CommandContext): Promise<number> {
  if (ctx.args.rest.length) throw new UsageError(`doctor takes no arguments (${ctx.args.rest[0]})`);
  const session = await ctx.session();
  try {
    const tctx = await openTroubleshoot({
      config: session.config, demo: session.demo,
      policy: { kind: 'non-interactive', acceptNewHostKey: ctx.args.acceptNewHostKey },
    });
    const results = await runAll(tctx, sessionSignal, { fixes: !ctx.args.readonly });
    const report = buildReport(results, {
      target: `${session.info.environment} (${session.info.target})`,
      strict: ctx.args.strict, readonly: ctx.args.readonly,
    });
    const redactor = await redactorFor(tctx, sessionSignal);
    if (ctx.args.json) ctx.out(redactor.redact(JSON.stringify(report, null, 2)));
    else for (const line of reportLines(report)) ctx.out(redactor.redact(line));
    return report.exitCode;
  } finally {
    await session.close();
  }
}
