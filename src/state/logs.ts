/**
 * The Logs tab's state. Lines arrive into a bounded ring (oldest dropped and counted) at any
 * rate; the store sees them in batches, at most one update per flush interval, so a flood
 * of log lines costs a few renders a second, not one per line.
 */
import { createStore } from 'zustand/vanilla';

/** One log line and where it came from. */
export interface LogEntry {
  seq: number;
  /** gateway, backend, edge… */
  source: string;
  text: string;
}

/** Lines kept; older ones are dropped and counted. */
export const LOG_CAPACITY = 2000;
/**
 * Milliseconds between store updates while lines arrive: with the render after it, a frame
 * every 25 to 40 ms under a flood, inside the 50 ms budget.
 */
export const LOG_FLUSH_MS = 25;

export interface LogsState {
  /** The kept lines, oldest first, as of the last flush (or of the pause). */
  lines: readonly LogEntry[];
  /** Lines that fell out of the ring since the tab opened. */
  dropped: number;
  /** Lines received in all. */
  received: number;
  paused: boolean;
  filter: string;
  /** True while the filter is being typed. */
  editing: boolean;
  /** Followers that failed, by source, with why. */
  problems: Record<string, string>;
  setPaused: (paused: boolean) => void;
  setFilter: (filter: string) => void;
  setEditing: (editing: boolean) => void;
  setProblem: (source: string, problem: string | undefined) => void;
}

/** A ring of log lines that publishes to a store in batches. */
export class LogBuffer {
  private readonly ring: (LogEntry | undefined)[];
  private start = 0;
  private size = 0;
  private seq = 0;
  private dropped = 0;
  private timer?: NodeJS.Timeout;
  private lastFlush = Number.NEGATIVE_INFINITY;
  readonly store = createLogsStore();

  constructor(readonly capacity = LOG_CAPACITY, private readonly flushMs = LOG_FLUSH_MS) {
    this.ring = new Array<LogEntry | undefined>(capacity);
  }

  /** Adds a line; the store hears of it at the next flush. */
  push(source: string, text: string): void {
    const entry = { seq: ++this.seq, source, text };
    if (this.size < this.capacity) {
      this.ring[(this.start + this.size) % this.capacity] = entry;
      this.size += 1;
    } else {
      this.ring[this.start] = entry;
      this.start = (this.start + 1) % this.capacity;
      this.dropped += 1;
    }

    // Due flushMs after the last flush, not after this line: a steady stream then gets a
    // steady beat instead of the interval plus however long the first line took to come.
    this.timer ??= setTimeout(() => this.flush(),
      Math.max(0, this.lastFlush + this.flushMs - performance.now()));
  }

  /** The kept lines, oldest first. */
  snapshot(): LogEntry[] {
    const out: LogEntry[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.ring[(this.start + i) % this.capacity]!);
    return out;
  }

  /** Publishes what arrived since the last flush. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastFlush = performance.now();
    const state = this.store.getState();
    const update = { dropped: this.dropped, received: this.seq };
    this.store.setState(state.paused ? update : { ...update, lines: this.snapshot() });
  }

  /** Stops the pending flush (the tab closed). */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** Creates a logs store; LogBuffer makes one of its own. */
export function createLogsStore() {
  return createStore<LogsState>()((set, get) => ({
    lines: [],
    dropped: 0,
    received: 0,
    paused: false,
    filter: '',
    editing: false,
    problems: {},
    setPaused: (paused) => set({ paused }),
    setFilter: (filter) => set({ filter }),
    setEditing: (editing) => set({ editing }),
    setProblem: (source, problem) => {
      const problems = { ...get().problems };
      if (problem === undefined) delete problems[source];
      else problems[source] = problem;
      set({ problems });
    },
  }));
}

export type LogsStore = ReturnType<typeof createLogsStore>;

/** The newest `count` lines containing `filter` (case-insensitive), oldest first. */
export function visibleLines(lines: readonly LogEntry[], filter: string, count: number):
  LogEntry[] {
  const needle = filter.toLowerCase();
  const out: LogEntry[] = [];
  for (let i = lines.length - 1; i >= 0 && out.length < count; i--) {
    const line = lines[i]!;
    if (!needle || line.text.toLowerCase().includes(needle)
      || line.source.toLowerCase().includes(needle)) out.push(line);
  }

  return out.reverse();
}
