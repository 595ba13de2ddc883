import { describe, expect, it } from 'vitest';
import { KeyBus, keyName, type KeyBinding } from '../../src/ui/keys.js';
import type { Key } from 'ink';

const noKey = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false,
  pageUp: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
  backspace: false, delete: false, meta: false,
} as Key;

function binding(keys: string[], log: string[], extra: Partial<KeyBinding> = {}): KeyBinding {
  return { keys, label: keys.join(), run: (k) => log.push(k), ...extra };
}

describe('key bus', () => {
  it('asks the newest layer first and falls through to older ones', () => {
    const log: string[] = [];
    const bus = new KeyBus();
    bus.push({ id: 'global', bindings: [binding(['q'], log), binding(['x'], log)] });
    const screenX = binding(['x'], log, { run: () => log.push('screen-x') });
    bus.push({ id: 'screen', bindings: [screenX] });
    expect(bus.dispatch('x', 'x')).toBe(true);
    expect(bus.dispatch('q', 'q')).toBe(true);
    expect(log).toEqual(['screen-x', 'q']);
  });

  it('lets a modal layer swallow keys it does not bind', () => {
    const log: string[] = [];
    const bus = new KeyBus();
    bus.push({ id: 'global', bindings: [binding(['q'], log)] });
    const pop = bus.push({ id: 'confirm', modal: true, bindings: [binding(['y'], log)] });
    expect(bus.dispatch('q', 'q')).toBe(false);
    expect(bus.active().map((b) => b.keys[0])).toEqual(['y']);
    pop();
    expect(bus.dispatch('q', 'q')).toBe(true);
    expect(log).toEqual(['q']);
  });

  it('hides and refuses dangerous bindings in a read-only session', () => {
    const log: string[] = [];
    const bus = new KeyBus({ readonly: true });
    const fix = binding(['F'], log, { dangerous: true });
    bus.push({ id: 's', bindings: [fix, binding(['r'], log)] });
    expect(bus.dispatch('F', 'F')).toBe(false);
    expect(bus.active().map((b) => b.keys[0])).toEqual(['r']);
    expect(log).toEqual([]);
  });

  it('gives text input to a layer before its bindings', () => {
    const typed: string[] = [];
    const bus = new KeyBus();
    bus.push({ id: 'g', bindings: [binding(['q'], [])] });
    const onText = (input: string): boolean => {
      if (input.length !== 1) return false;
      typed.push(input);
      return true;
    };
    bus.push({ id: 'filter', onText, bindings: [] });
    bus.dispatch('q', 'q');
    expect(typed).toEqual(['q']);
  });

  it('returns the same bindings array until the layers change', () => {
    const bus = new KeyBus();
    bus.push({ id: 'g', bindings: [binding(['q'], [])] });
    const first = bus.active();
    expect(bus.active()).toBe(first);
    bus.push({ id: 'h', bindings: [] });
    expect(bus.active()).not.toBe(first);
  });

  it('names keys the way the key tables spell them', () => {
    expect(keyName('c', { ...noKey, ctrl: true })).toBe('ctrl+c');
    expect(keyName('', { ...noKey, escape: true })).toBe('escape');
    expect(keyName('', { ...noKey, tab: true, shift: true })).toBe('shift+tab');
    expect(keyName('?', noKey)).toBe('?');
  });
});
