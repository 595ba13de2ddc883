/**
 * Key tables and the key bus. Each screen declares one table of bindings; the same table
 * drives its keys, the footer hints and the `?` help overlay. Layers stack: an overlay
 * (help, a confirmation) takes keys before the screen beneath it, and the screen before the
 * global keys.
 */
import type { Key } from 'ink';

/** One key binding. */
export interface KeyBinding {
  /** Key names as produced by keyName(): 'q', '1', 'escape', 'return', 'ctrl+c', 'up'... */
  keys: string[];
  /** Short label for the footer, e.g. 'quit'. */
  label: string;
  /** One line for the help overlay; defaults to the label. */
  help?: string;
  /** Changes something on the target; hidden and disabled under --readonly. */
  dangerous?: boolean;
  /** Listed in the help overlay but not in the footer. */
  hidden?: boolean;
  /** Called with the key name that matched. */
  run: (key: string) => void;
}

/** A layer of bindings on the bus. */
export interface KeyLayer {
  id: string;
  bindings: KeyBinding[];
  /** A modal layer swallows every key it does not bind. */
  modal?: boolean;
  /**
   * Receives printable input before bindings are tried (text fields, typed confirmations).
   * Returns true when it consumed the key.
   */
  onText?: (input: string, name: string) => boolean;
}

/** Normalises ink's input into one key name. */
export function keyName(input: string, key: Key): string {
  if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
  if (key.escape) return 'escape';
  if (key.return) return 'return';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.backspace || key.delete) return 'backspace';
  return input;
}

/** How a key is written in the footer and help. */
export function keyLabel(name: string, unicode: boolean): string {
  const arrows: Record<string, string> = unicode
    ? { up: '↑', down: '↓', left: '←', right: '→', return: '⏎' }
    : { up: 'up', down: 'down', left: 'left', right: 'right', return: 'enter' };
  if (name === 'escape') return 'esc';
  return arrows[name] ?? name;
}

/** A stack of key layers; the newest layer is asked first. */
export class KeyBus {
  private layers: KeyLayer[] = [];
  private cache = new Map<string, KeyBinding[]>();
  private listeners = new Set<() => void>();
  readonly: boolean;

  constructor(opts: { readonly?: boolean } = {}) {
    this.readonly = opts.readonly ?? false;
  }

  /** Adds or replaces a layer (by id); returns a function that removes it. */
  push(layer: KeyLayer): () => void {
    this.layers = [...this.layers.filter((l) => l.id !== layer.id), layer];
    this.emit();
    return () => {
      this.layers = this.layers.filter((l) => l !== layer);
      this.emit();
    };
  }

  /** Offers a key to the layers, newest first. Returns true when something handled it. */
  dispatch(name: string, input: string): boolean {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i]!;
      if (layer.onText?.(input, name)) return true;
      const binding = layer.bindings.find((b) => b.keys.includes(name));
      if (binding && !(binding.dangerous && this.readonly)) {
        binding.run(name);
        return true;
      }

      if (layer.modal) return false;
    }

    return false;
  }

  /**
   * The bindings currently reachable, newest layer first, for the footer and help. With
   * `below`, only the layers beneath that layer (the help overlay lists what it covers).
   * The same array is returned until the layers change, as React's external stores need.
   */
  active(below?: string): KeyBinding[] {
    const key = below ?? '';
    const cached = this.cache.get(key);
    if (cached) return cached;
    const out: KeyBinding[] = [];
    let start = this.layers.length - 1;
    if (below !== undefined) start = this.layers.findIndex((l) => l.id === below) - 1;
    for (let i = start; i >= 0; i--) {
      const layer = this.layers[i]!;
      out.push(...layer.bindings.filter((b) => !(b.dangerous && this.readonly)));
      if (layer.modal) break;
    }

    this.cache.set(key, out);
    return out;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(): void {
    this.cache.clear();
    for (const fn of this.listeners) fn();
  }
}
