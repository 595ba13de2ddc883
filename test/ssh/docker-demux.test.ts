import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogDemuxer, type LogLine } from '../../src/services/docker/demux.js';
import { publishedPorts } from '../../src/services/docker/api.js';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('LogDemuxer', () => {
  it('splits framed stdout and stderr into lines', () => {
    const demux = new LogDemuxer(false);
    const input = Buffer.concat([frame(1, 'a\nb'), frame(2, 'oops\r\n'), frame(1, 'c\n')]);
    expect([...demux.push(input), ...demux.flush()]).toEqual([
      { stream: 'stdout', text: 'a' },
      { stream: 'stderr', text: 'oops' },
      { stream: 'stdout', text: 'bc' },
    ]);
  });

  it('gives the same lines however the bytes are chunked', () => {
    const input = Buffer.concat([frame(1, 'héllo\nwor'), frame(2, 'e1\ne2\n'),
      frame(1, 'ld\n☃\n'), frame(2, 'tail')]);
    const whole = new LogDemuxer(false);
    const expected = [...whole.push(input), ...whole.flush()];

    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: input.length - 1 })), (cuts) => {
      const points = [...new Set(cuts)].sort((a, b) => a - b);
      const demux = new LogDemuxer(false);
      const got: LogLine[] = [];
      let from = 0;
      for (const p of [...points, input.length]) {
        got.push(...demux.push(input.subarray(from, p)));
        from = p;
      }

      got.push(...demux.flush());
      expect(got).toEqual(expected);
    }));
  });

  it('treats a TTY stream as raw stdout', () => {
    const demux = new LogDemuxer(true);
    expect(demux.push(Buffer.from('x\r\ny'))).toEqual([{ stream: 'stdout', text: 'x' }]);
    expect(demux.flush()).toEqual([{ stream: 'stdout', text: 'y' }]);
  });
});

describe('publishedPorts', () => {
  it('flattens inspect port maps', () => {
    expect(publishedPorts({
      '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8002' }, { HostIp: '::', HostPort: '8002' }],
      '8000/tcp': null,
      '53/udp': [],
    })).toEqual([
      { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8002 },
      { containerPort: 80, protocol: 'tcp', hostIp: '::', hostPort: 8002 },
      { containerPort: 8000, protocol: 'tcp' },
      { containerPort: 53, protocol: 'udp' },
    ]);
  });
});
