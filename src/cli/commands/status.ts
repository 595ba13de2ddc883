/**
 * `cortex-ops status [--json] [--watch]`: the dashboard's sweep, once or every
 * dashboard.refreshSeconds, as a table or as JSON (docs/status.schema.json; with --watch one
 * document per line). Exit 0 when nothing fails, 1 when something fails, 2 for usage, config
 * or an SSH host key that is not trusted (status never asks; see --accept-new-host-key).
 */
import type { CommandContext } from '../run.js';
import { detectTheme } from '../../ui/theme.js';
import { openTarget, type Target } from '../../workflows/target.js';
import { runSweep, type SweepReport } from '../../workflows/sweep/run.js';
import { Poller } from '../../workflows/sweep/poller.js';
import { createDashboardStore } from '../../state/dashboard.js';
import {
  overallStatus, statusJson, statusTable, type ReportSubject, type TableStyle,
} from '../../workflows/sweep/report.js';
import type { CheckStatus } from '../../workflows/sweep/types.js';
import {
  HostKeyChangedError, HostKeyRevokedError, HostKeyUnknownError,
} from '../../services/ssh/errors.js';

const SGR: Record<CheckStatus, string> = {
  ok: '\x1b[32m', warning: '\x1b[33m', failing: '\x1b[31m', unknown: '\x1b[90m',
};

/** The table's symbols and colours: colour only on a terminal and without NO_COLOR. */
export function tableStyle(env: NodeJS.ProcessEnv, tty: boolean): TableStyle {
  const theme = detectTheme(env);
  const color = theme.color && tty;
  const s = theme.symbols.status;
  return {
    symbols: { ok: s.ok, warning: s.warning, failing: s.failing, unknown: s.unknown },
    paint: (status, text) => (color ? `${SGR[status]}${text}\x1b[0m` : text),
    bold: (text) => (color ? `\x1b[1m${text}\x1b[0m` : text),
  };
}

function exitCode(report: SweepReport): number {
  return overallStatus(report) === 'failing' ? 1 : 0;
}

function isTrustError(err: unknown): err is Error {
  return err instanceof HostKeyUnknownError || err instanceof HostKeyChangedError
    || err instanceof HostKeyRevokedError;
}

/**
 * Connects before sweeping so an untrusted host key stops the command with one clear line
 * instead of failing every check that goes through SSH.
 */
async function trustFirst(ctx: CommandContext, target: Target, timeoutMs: number) {
  if (target.kind !== 'ssh') return undefined;
  try {
    await target.reach({ timeoutMs });
  } catch (err) {
    if (isTrustError(err)) {
      ctx.err(`cortex-ops: ${err.message}`);
      return 2;
    }
  }

  return undefined;
}

function printer(ctx: CommandContext, who: ReportSubject) {
  const style = tableStyle(process.env, process.stdout.isTTY === true);
  return (report: SweepReport, watching: boolean): void => {
    const json = statusJson(report, who);
    if (ctx.args.json) {
      ctx.out(watching ? JSON.stringify(json) : JSON.stringify(json, null, 2));
      return;
    }

    if (watching && process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[H');
    for (const line of statusTable(json, style)) ctx.out(line);
    if (watching) ctx.out('');
  };
}

function watch(ctx: CommandContext, poller: Poller): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void poller.stop().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    poller.start();
  });
}

export async function run(ctx: CommandContext): Promise<number> {
  if (ctx.args.rest.length > 0) {
    ctx.err(`cortex-ops status: unexpected "${ctx.args.rest[0]}"; see cortex-ops --help`);
    return 2;
  }

  const session = await ctx.session();
  const { config, info } = session;
  const target = await openTarget(config, session,
    { kind: 'non-interactive', acceptNewHostKey: ctx.args.acceptNewHostKey });
  const who: ReportSubject = { mode: info.mode, environment: info.environment,
    target: info.target };
  const timeoutMs = config.dashboard.probeTimeout * 1000;
  const print = printer(ctx, who);
  try {
    const refused = await trustFirst(ctx, target, timeoutMs);
    if (refused !== undefined) return refused;
    if (!ctx.args.watch) {
      const report = await runSweep({ config, target, timeoutMs, memory: {} });
      print(report, false);
      return exitCode(report);
    }

    let last = 0;
    const poller = new Poller({ config, target, store: createDashboardStore(), onSweep: (r) => {
      last = exitCode(r);
      print(r, true);
    } });
    await watch(ctx, poller);
    return last;
  } finally {
    await target.close();
    await session.close();
  }
}
