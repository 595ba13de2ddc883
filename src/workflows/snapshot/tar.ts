/**
 * A minimal ustar writer: regular files only, names up to 100 bytes, which is all a
 * snapshot needs. The archive is gzipped with node's zlib, so no tar binary is involved.
 */
import { gzipSync } from 'node:zlib';

/** One file of the archive. */
export interface TarEntry {
  name: string;
  data: Buffer | string;
  /** Unix permission bits; default 0o600, as snapshots may hold operational detail. */
  mode?: number;
  mtime?: Date;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mode: number, mtime: Date): Buffer {
  const buf = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name too long: ${name}`);
  buf.write(name, 0, 100, 'utf8');
  buf.write(octal(mode, 8), 100, 'ascii');
  buf.write(octal(0, 8), 108, 'ascii');
  buf.write(octal(0, 8), 116, 'ascii');
  buf.write(octal(size, 12), 124, 'ascii');
  buf.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  buf.write('        ', 148, 'ascii');
  buf.write('0', 156, 'ascii');
  buf.write('ustar\0', 257, 'ascii');
  buf.write('00', 263, 'ascii');
  buf.write('root', 265, 'ascii');
  buf.write('root', 297, 'ascii');
  let sum = 0;
  for (const byte of buf) sum += byte;
  buf.write(octal(sum, 7) + ' ', 148, 'ascii');
  return buf;
}

/** The uncompressed tar stream of the entries. */
export function tarBuffer(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data;
    parts.push(header(e.name, data.length, e.mode ?? 0o600, e.mtime ?? new Date()), data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }

  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

/** The gzipped tar archive of the entries. */
export function tarGz(entries: TarEntry[]): Buffer {
  return gzipSync(tarBuffer(entries));
}
