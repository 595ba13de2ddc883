/**
 * Just enough of RFC 6455 for the demo backend's echo endpoint: the handshake and unmasking
 * of small client frames. Not a general WebSocket library.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The Sec-WebSocket-Accept value for a client key. */
export function acceptKey(key: string): string {
  return createHash('sha1').update(key + GUID).digest('base64');
}

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len])
    : Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff]);
  return Buffer.concat([head, payload]);
}

/** Completes the handshake and echoes text and binary frames until the client closes. */
export function acceptEcho(req: IncomingMessage, socket: Duplex): void {
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || req.headers.upgrade?.toLowerCase() !== 'websocket') {
    socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n');
    return;
  }

  socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n' +
    `Connection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`);
  let buffered = Buffer.alloc(0);
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      const parsed = readFrame(buffered);
      if (!parsed) return;
      buffered = buffered.subarray(parsed.size);
      if (parsed.opcode === 0x8) {
        socket.end(frame(0x8, Buffer.alloc(0)));
        return;
      }

      if (parsed.opcode === 0x9) socket.write(frame(0xa, parsed.payload));
      else if (parsed.opcode === 0x1 || parsed.opcode === 0x2) {
        socket.write(frame(parsed.opcode, parsed.payload));
      }
    }
  });
}

function readFrame(buf: Buffer): { opcode: number; payload: Buffer; size: number } | undefined {
  if (buf.length < 2) return undefined;
  const opcode = buf[0]! & 0x0f;
  const masked = (buf[1]! & 0x80) !== 0;
  let len = buf[1]! & 0x7f;
  let offset = 2;
  if (len === 126) {
    if (buf.length < 4) return undefined;
    len = buf.readUInt16BE(2);
    offset = 4;
  } else if (len === 127) {
    // The demo never sends frames this large; drop the connection's buffer instead of growing.
    return { opcode: 0x8, payload: Buffer.alloc(0), size: buf.length };
  }

  const maskEnd = offset + (masked ? 4 : 0);
  if (buf.length < maskEnd + len) return undefined;
  const payload = Buffer.from(buf.subarray(maskEnd, maskEnd + len));
  if (masked) {
    const mask = buf.subarray(offset, maskEnd);
    for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  }

  return { opcode, payload, size: maskEnd + len };
}
