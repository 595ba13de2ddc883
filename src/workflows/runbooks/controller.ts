/**
 * What the Troubleshoot tab drives: run one runbook or all of them (in request-path order),
 * offer a fix for confirmation, apply it and re-check, take a snapshot. It writes the
 * troubleshoot store and stops when the session ends or the screen goes away.
 */
import { sessionSignal } from '../../services/lifecycle.js';
import type { TroubleshootStore } from '../../state/troubleshoot.js';
import type { TroubleshootContext } from './model.js';
import { RUNBOOKS, runbookById, runRunbook } from './runner.js';

/** Actions of the Troubleshoot tab. */
export interface TroubleshootController {
  run(id: string): Promise<void>;
  runAll(): Promise<void>;
  /** Shows the fix of a runbook's last result for confirmation. */
  offerFix(id: string): void;
  /** Applies the pending fix (after the user said yes), then re-checks. */
  confirmFix(): Promise<void>;
  cancelFix(): void;
  /** Writes an incident snapshot; resolves with its path. */
  snapshot(): Promise<void>;
  dispose(): void;
}

/** Options of a controller. */
export interface ControllerOptions {
  /** Opens the context on first use (the SSH host connects lazily). */
  context: () => Promise<TroubleshootContext>;
  store: TroubleshootStore;
  readonly: boolean;
  /** Writes a snapshot and resolves with the file written. */
  snapshot?: (ctx: TroubleshootContext, signal: AbortSignal) => Promise<string>;
}

/** Creates the controller; `dispose` aborts whatever it is running. */
export function createTroubleshootController(opts: ControllerOptions): TroubleshootController {
  const stop = new AbortController();
  const signal = AbortSignal.any([sessionSignal, stop.signal]);
  const { store } = opts;
  let ctx: Promise<TroubleshootContext> | undefined;
  const context = (): Promise<TroubleshootContext> => (ctx ??= opts.context());
  const say = (text: string, ok: boolean): void =>
    store.getState().say(text, ok ? 'ok' : 'failing');

  async function run(id: string): Promise<void> {
    const runbook = runbookById(id);
    if (!runbook || store.getState().running[id]) return;
    store.getState().setRunning(id, true);
    try {
      const result = await runRunbook(runbook, await context(), signal, { fixes: !opts.readonly });
      store.getState().setResult(result);
    } catch (err) {
      if (!signal.aborted) say(`${runbook.title}: ${(err as Error).message}`, false);
    } finally {
      store.getState().setRunning(id, false);
    }
  }

  return {
    run,
    async runAll() {
      for (const r of RUNBOOKS) {
        if (signal.aborted) return;
        await run(r.id);
      }
    },
    offerFix(id) {
      if (opts.readonly) return;
      const result = store.getState().results[id];
      if (result?.fix) return store.getState().ask({ runbookId: id, fix: result.fix });
      store.getState().say(result ? `${result.title}: no guided fix for these findings`
        : 'run the runbook first (r)', 'unknown');
    },
    async confirmFix() {
      const pending = store.getState().pending;
      if (!pending?.fix.apply || store.getState().fixing) return;
      store.getState().setFixing(true);
      try {
        // Only the session's end stops a fix: leaving the tab must not cut it between the
        // change and its verification (or the restore of the backup).
        say(await pending.fix.apply(sessionSignal), true);
      } catch (err) {
        if (!sessionSignal.aborted) say((err as Error).message, false);
      } finally {
        store.getState().ask(undefined);
        store.getState().setFixing(false);
      }

      await run(pending.runbookId);
    },
    cancelFix() {
      store.getState().ask(undefined);
    },
    async snapshot() {
      if (!opts.snapshot) return;
      store.getState().say('writing the incident snapshot…', 'running');
      try {
        say(`snapshot written to ${await opts.snapshot(await context(), signal)}`, true);
      } catch (err) {
        if (!signal.aborted) say(`snapshot failed: ${(err as Error).message}`, false);
      }
    },
    dispose() {
      stop.abort(new Error('the Troubleshoot tab closed'));
    },
  };
}
