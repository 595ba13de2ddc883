import { describe, expect, it } from 'vitest';
import { diffFrame, frameLines } from '../../src/ui/frame-writer.js';
import { letInkDrawFrames } from '../../src/ui/render-settings.js';

describe('frame writer', () => {
  it('writes only the rows that changed, at absolute positions', () => {
    expect(diffFrame(['a', 'b', 'c'], ['a', 'B', 'c'])).toBe('\x1b[2;1HB\x1b[0m\x1b[K');
  });

  it('clears rows that the new frame no longer has', () => {
    expect(diffFrame(['a', 'b'], ['a'])).toBe('\x1b[2;1H\x1b[0m\x1b[K');
  });

  it('writes nothing when nothing changed', () => {
    expect(diffFrame(['a', 'b'], ['a', 'b'])).toBe('');
  });

  it('strips ink\'s erase and cursor sequences and the trailing newline', () => {
    expect(frameLines('\x1b[2K\x1b[1A\x1b[2K\x1b[Gone\ntwo\n')).toEqual(['one', 'two']);
  });

  it('treats a write of control sequences alone as no frame', () => {
    expect(frameLines('\x1b[?2026h')).toBeUndefined();
    expect(frameLines('\x1b[?25l')).toBeUndefined();
  });
});

describe('ink in CI environments', () => {
  it('is told to draw frames whatever CI variables say', () => {
    const env: NodeJS.ProcessEnv = { CI: 'true', CONTINUOUS_INTEGRATION: '1', HOME: '/root' };
    letInkDrawFrames(env);
    expect(env).toEqual({ CI: 'false', CONTINUOUS_INTEGRATION: 'false', HOME: '/root' });
    const quiet: NodeJS.ProcessEnv = { HOME: '/root' };
    letInkDrawFrames(quiet);
    expect(quiet).toEqual({ HOME: '/root' });
  });
});
