/**
 * Turning Docker's log stream into lines. Without a TTY the stream is multiplexed: frames
 * of an 8-byte header (stream id, three zero bytes, big-endian length) and a payload. With
 * a TTY it is one raw stream. Frames and lines may be split anywhere across chunks.
 */

/** One log line, without its newline. */
export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

const HEADER = 8;

/** Incremental demultiplexer and line splitter. */
export class LogDemuxer {
  private frames: Buffer = Buffer.alloc(0);
  private readonly partial: Record<LogLine['stream'], Buffer> = {
    stdout: Buffer.alloc(0), stderr: Buffer.alloc(0),
  };

  /** `tty` containers send a raw stream, everything else the framed one. */
  constructor(private readonly tty: boolean) {}

  /** Feed a chunk; returns the lines it completed. */
  push(chunk: Buffer): LogLine[] {
    if (this.tty) return this.take('stdout', chunk);

    this.frames = this.frames.length === 0 ? chunk : Buffer.concat([this.frames, chunk]);
    const lines: LogLine[] = [];
    while (this.frames.length >= HEADER) {
      const size = this.frames.readUInt32BE(4);
      if (this.frames.length < HEADER + size) break;

      const stream = this.frames[0] === 2 ? 'stderr' : 'stdout';
      lines.push(...this.take(stream, this.frames.subarray(HEADER, HEADER + size)));
      this.frames = this.frames.subarray(HEADER + size);
    }

    return lines;
  }

  /** The unterminated last lines, once the stream has ended. */
  flush(): LogLine[] {
    const lines: LogLine[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream].length > 0) lines.push(toLine(stream, this.partial[stream]));
      this.partial[stream] = Buffer.alloc(0);
    }

    return lines;
  }

  private take(stream: LogLine['stream'], data: Buffer): LogLine[] {
    const held = this.partial[stream];
    let buf = held.length === 0 ? data : Buffer.concat([held, data]);
    const lines: LogLine[] = [];
    for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a)) {
      lines.push(toLine(stream, buf.subarray(0, nl)));
      buf = buf.subarray(nl + 1);
    }

    // Copied so a small leftover does not pin a large chunk in memory.
    this.partial[stream] = Buffer.from(buf);
    return lines;
  }
}

function toLine(stream: LogLine['stream'], bytes: Buffer): LogLine {
  return { stream, text: bytes.toString('utf8').replace(/\r$/, '') };
}
