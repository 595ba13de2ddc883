/**
 * The Deploy tab's driver: starts the pipeline with the store as its sink, holds the
 * confirmation the plan waits for, cancels, lists releases and rolls back. One per console;
 * tests make their own with a fresh store.
 */
import type { Config } from '../../config/schema.js';
import { sessionSignal } from '../../services/lifecycle.js';
import { storeSink, type DeployStore } from '../../state/deploy.js';
import type { DeployContext } from './context.js';
import { openDeployContext } from './open.js';
import { hostKeyHandler } from '../target.js';
import { describeHolder } from '../../services/release/lock.js';
import { runDeploy } from './pipeline.js';
import { listReleases, rollbackRelease } from './rollback.js';

/** What the screen can ask for. */
export interface DeployActions {
  start(): void;
  confirm(yes: boolean): void;
  /** Answers the stale-lock question. */
  breakLock(yes: boolean): void;
  cancel(): void;
  refresh(): void;
  rollback(id: string): void;
}

/** Opens a context for one run; replaced in tests. */
export type ContextFactory = (signal: AbortSignal) => Promise<DeployContext>;

/** The real factory for a config. */
export function configContext(config: Config, store: DeployStore, configFile?: string):
  ContextFactory {
  // The console asks about an unknown host key, as the dashboard does.
  return (signal) => openDeployContext(config, { sink: storeSink(store), signal, configFile,
    onUnknownHost: hostKeyHandler({ kind: 'interactive' }, signal) });
}

/** Drives the store. */
export class DeployController implements DeployActions {
  private abort?: AbortController;
  private answer?: (yes: boolean) => void;
  private breakAnswer?: (yes: boolean) => void;

  constructor(private readonly store: DeployStore, private readonly open: ContextFactory) {}

  private busy(): boolean {
    const phase = this.store.getState().phase;
    return phase === 'planning' || phase === 'confirm' || phase === 'running';
  }

  start(): void {
    if (this.busy()) return;
    const s = this.store.getState();
    s.reset();
    s.setPhase('planning');
    this.abort = new AbortController();
    const signal = AbortSignal.any([this.abort.signal, sessionSignal]);
    void this.run(signal);
  }

  private async run(signal: AbortSignal): Promise<void> {
    const s = this.store.getState();
    try {
      const ctx = await this.open(signal);
      const outcome = await runDeploy(ctx, {
        confirm: () => new Promise<boolean>((resolve) => {
          this.answer = resolve;
          s.setPhase('confirm');
        }).then((yes) => {
          if (yes) this.store.getState().setPhase('running');
          return yes;
        }),
        breakStale: (state) => new Promise<boolean>((resolve) => {
          this.breakAnswer = resolve;
          this.store.setState({ staleLock: describeHolder(state) });
        }),
      });
      const phase = outcome.ok ? 'done' : outcome.result === 'aborted' ? 'cancelled'
        : outcome.result === 'declined' ? 'idle' : 'failed';
      this.store.getState().setPhase(phase, outcome.message);
      if (outcome.result !== 'declined') await this.loadReleases(ctx);
    } catch (err) {
      this.store.getState().setPhase('failed', (err as Error).message);
    }
  }

  confirm(yes: boolean): void {
    const answer = this.answer;
    this.answer = undefined;
    answer?.(yes);
  }

  breakLock(yes: boolean): void {
    const answer = this.breakAnswer;
    this.breakAnswer = undefined;
    this.store.setState({ staleLock: undefined });
    answer?.(yes);
  }

  cancel(): void {
    if (this.breakAnswer) return this.breakLock(false);
    if (this.store.getState().phase === 'confirm') return this.confirm(false);
    this.abort?.abort(new Error('cancelled by the user'));
  }

  private async loadReleases(ctx: DeployContext): Promise<void> {
    try {
      const { releases, current } = await listReleases(ctx);
      this.store.getState().setReleases(releases, current);
    } catch {
      // The history is a convenience; the step list already shows what went wrong.
    }
  }

  refresh(): void {
    const ctl = new AbortController();
    void this.open(AbortSignal.any([ctl.signal, sessionSignal]))
      .then((ctx) => this.loadReleases(ctx)).catch(() => undefined);
  }

  rollback(id: string): void {
    if (this.busy()) return;
    const s = this.store.getState();
    s.reset();
    s.setPhase('running', `rolling back to ${id}`);
    this.abort = new AbortController();
    const signal = AbortSignal.any([this.abort.signal, sessionSignal]);
    void this.open(signal).then(async (ctx) => {
      try {
        const text = await rollbackRelease(ctx, id);
        this.store.getState().setPhase('done', text);
      } catch (err) {
        this.store.getState().setPhase('failed', ctx.redactor.redact((err as Error).message));
      }

      await this.loadReleases(ctx);
    }, (err: Error) => this.store.getState().setPhase('failed', err.message));
  }
}
