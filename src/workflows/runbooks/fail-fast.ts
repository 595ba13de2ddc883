/**
 * A host wrapper for one troubleshooting run: once the host proves unreachable (SSH refused,
 * timed out, host key unknown or changed), every later call fails at once with the same
 * error instead of waiting out its own connect timeout. The error is forgotten after
 * `holdMs`, so a later re-check tries again.
 */
import type { Duplex } from 'node:stream';
import { SshError } from '../../services/ssh/errors.js';
import type {
  HostCallOptions, HostContainer, HostExec, TroubleshootHost,
} from './host.js';

/** SSH errors about one command or one forward, not about the connection. */
const PER_CALL = ['SshCommandTimeoutError', 'SshForwardError'];

/** Whether an error means the host itself cannot be reached (not one command failing). */
export function isUnreachable(err: unknown): boolean {
  return err instanceof SshError && !PER_CALL.includes(err.name);
}

/** Fails fast after the first unreachable error, for `holdMs` milliseconds. */
export class FailFastHost implements TroubleshootHost {
  private failure?: { err: unknown; at: number };

  constructor(private readonly inner: TroubleshootHost, private readonly holdMs = 30_000,
    private readonly now: () => number = Date.now) {}

  get label(): string {
    return this.inner.label;
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    if (this.failure && this.now() - this.failure.at < this.holdMs) throw this.failure.err;
    try {
      const value = await call();
      this.failure = undefined;
      return value;
    } catch (err) {
      if (isUnreachable(err)) this.failure = { err, at: this.now() };
      throw err;
    }
  }

  readFile(path: string, opts: HostCallOptions): Promise<string | undefined> {
    return this.guard(() => this.inner.readFile(path, opts));
  }

  exec(argv: readonly string[], opts: HostCallOptions): Promise<HostExec> {
    return this.guard(() => this.inner.exec(argv, opts));
  }

  containers(opts: HostCallOptions): Promise<HostContainer[]> {
    return this.guard(() => this.inner.containers(opts));
  }

  logs(name: string, tail: number, opts: HostCallOptions): Promise<string[]> {
    return this.guard(() => this.inner.logs(name, tail, opts));
  }

  stop(name: string, opts: HostCallOptions): Promise<void> {
    return this.guard(() => this.inner.stop(name, opts));
  }

  start(name: string, opts: HostCallOptions): Promise<void> {
    return this.guard(() => this.inner.start(name, opts));
  }

  dial(host: string, port: number, opts: HostCallOptions): Promise<Duplex> {
    return this.guard(() => this.inner.dial(host, port, opts));
  }
}
