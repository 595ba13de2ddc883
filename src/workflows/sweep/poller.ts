/**
 * Repeats the sweep every dashboard.refreshSeconds while started: never two sweeps at once,
 * results published to the dashboard store as each arrives, and everything stopped when the
 * dashboard leaves or the session ends.
 */
import { setMaxListeners } from 'node:events';
import type { Config } from '../../config/schema.js';
import type { DashboardStore } from '../../state/dashboard.js';
import { runSweep, type SweepMemory, type SweepReport } from './run.js';
import type { Target } from './target-types.js';

/** What a poller needs. */
export interface PollerOptions {
  config: Config;
  target: Target;
  store: DashboardStore;
  /** The session's signal: once aborted the poller stops for good. */
  signal?: AbortSignal;
  /** Called after every sweep (the status command's --watch, tests). */
  onSweep?: (report: SweepReport) => void;
}

/** A start/stop loop of sweeps. */
export class Poller {
  private running = false;
  private current?: AbortController;
  private wake?: () => void;
  private again = false;
  private loop?: Promise<void>;
  private clock?: NodeJS.Timeout;
  private readonly memory: SweepMemory = {};
  private readonly onSessionEnd = (): void => void this.stop();

  constructor(private readonly o: PollerOptions) {}

  get intervalMs(): number {
    return this.o.config.dashboard.refreshSeconds * 1000;
  }

  /** Starts sweeping now and every interval after the previous sweep ends. */
  start(): void {
    if (this.running || this.o.signal?.aborted) return;
    this.running = true;
    this.o.signal?.addEventListener('abort', this.onSessionEnd, { once: true });
    this.clock = setInterval(() => this.o.store.getState().tick(Date.now()), this.intervalMs);
    this.clock.unref();
    this.loop = this.run();
  }

  /** Runs a sweep at once (after the current one, if one is running). */
  refreshNow(): void {
    if (!this.running) return;
    if (this.o.store.getState().sweeping) this.again = true;
    this.wake?.();
  }

  /** Stops polling and aborts the sweep in flight; resolves once the loop has ended. */
  async stop(): Promise<void> {
    if (!this.running) return this.loop;
    this.running = false;
    this.o.signal?.removeEventListener('abort', this.onSessionEnd);
    clearInterval(this.clock);
    this.current?.abort(new Error('dashboard polling stopped'));
    this.wake?.();
    await this.loop;
    this.o.store.getState().setSweeping(false);
  }

  private async run(): Promise<void> {
    while (this.running) {
      await this.sweepOnce();
      if (!this.running) break;
      if (this.again) {
        this.again = false;
        continue;
      }

      await this.sleep(this.intervalMs);
    }
  }

  private async sweepOnce(): Promise<void> {
    const ac = new AbortController();
    // Every fact of a sweep listens to this one signal; more than Node's default ten is normal.
    setMaxListeners(100, ac.signal);
    this.current = ac;
    const state = this.o.store.getState();
    state.setSweeping(true);
    try {
      const report = await runSweep({
        config: this.o.config, target: this.o.target, memory: this.memory, signal: ac.signal,
        timeoutMs: this.o.config.dashboard.probeTimeout * 1000,
      }, { onCheck: state.publishCheck, onPath: state.publishPath });
      if (!ac.signal.aborted) this.o.onSweep?.(report);
    } finally {
      this.current = undefined;
      if (this.running) this.o.store.getState().setSweeping(false);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}
