/**
 * Drives a program in a real pseudo-terminal through tmux, on a private tmux server so tests
 * never touch anyone else's sessions.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export function tmuxAvailable(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export class TmuxSession {
  readonly socket = `cx-test-${randomBytes(4).toString('hex')}`;
  readonly name = 'cx';

  constructor(command: string,
    opts: { columns?: number; rows?: number; env?: Record<string, string> } = {}) {
    const env = Object.entries(opts.env ?? {})
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
    // The shell stays after the program exits, so the terminal's state can be inspected.
    const script = `${env} ${command}; echo "[exited $?]"; sleep 600`;
    this.tmux('new-session', '-d', '-s', this.name, '-x', String(opts.columns ?? 80),
      '-y', String(opts.rows ?? 24), script);
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  capture(): string {
    return this.tmux('capture-pane', '-p', '-t', this.name);
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  /** Pane flags: whether the alternate screen is on and whether the cursor is visible. */
  flags(): { alternate: boolean; cursorVisible: boolean } {
    const [alt, cursor] = this.tmux('display-message', '-p', '-t', this.name,
      '#{alternate_on} #{cursor_flag}').trim().split(' ');
    return { alternate: alt === '1', cursorVisible: cursor === '1' };
  }

  /** Polls the screen until `predicate` holds or `timeoutMs` passes; returns the last capture. */
  async waitFor(predicate: (screen: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    let screen = this.capture();
    while (!predicate(screen) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      screen = this.capture();
    }

    return screen;
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // Already gone.
    }
  }
}
