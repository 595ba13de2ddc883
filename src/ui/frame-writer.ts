/**
 * A stdout for ink in the alternate screen. Ink hands over whole frames; this writes only the
 * lines that changed, each at an absolute cursor position, so an idle console sends almost
 * nothing over a slow SSH link and a resize always redraws from a clean screen.
 */
import { Writable } from 'node:stream';

// What ink's log-update puts around a frame: erase-line, cursor-up, column-one, cursor
// visibility and synchronized-output markers. Frames are diffed without them.
// eslint-disable-next-line no-control-regex
const FRAME_CONTROL = /\x1b\[2K|\x1b\[1A|\x1b\[G|\x1b\[\?25[lh]|\x1b\[\?2026[hl]/g;

/** The bytes that turn screen `prev` into screen `next` (lines are 0-based rows). */
export function diffFrame(prev: string[], next: string[]): string {
  let out = '';
  const rows = Math.max(prev.length, next.length);
  for (let row = 0; row < rows; row++) {
    const line = next[row];
    if (line === prev[row]) continue;
    out += `\x1b[${row + 1};1H${line ?? ''}\x1b[0m\x1b[K`;
  }

  return out;
}

/**
 * Splits one frame write from ink into screen lines, or undefined when the write carries no
 * frame (ink sends cursor and synchronisation sequences as writes of their own).
 */
export function frameLines(chunk: string): string[] | undefined {
  const text = chunk.replace(FRAME_CONTROL, '');
  if (text === '' || text === '\n') return undefined;
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export class FrameWriter extends Writable {
  readonly isTTY = true;
  private screen: string[] = [];
  private onResize = (): void => {
    this.screen = [];
    this.target.write('\x1b[2J');
    this.emit('resize');
  };

  constructor(private readonly target: NodeJS.WriteStream) {
    super({ decodeStrings: false });
    target.on('resize', this.onResize);
  }

  get columns(): number {
    return this.target.columns || 80;
  }

  get rows(): number {
    return this.target.rows || 24;
  }

  /** Forgets what is on screen, so the next frame is drawn whole. */
  invalidate(): void {
    this.screen = [];
  }

  detach(): void {
    this.target.off('resize', this.onResize);
  }

  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    const next = frameLines(text);
    if (!next) return done();
    const bytes = diffFrame(this.screen, next);
    this.screen = next;
    if (bytes) this.target.write(bytes, () => done());
    else done();
    // Handed to the terminal (a terminal's stream writes synchronously).
    this.emit('frame');
  }
}
