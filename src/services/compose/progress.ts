/**
 * Per-service build progress from `compose build` output: v1's classic builder (`Building
 * svc`, `Step N/M : …`, `Successfully built …`) and v2's plain BuildKit lines
 * (`#7 [svc 2/5] COPY …`).
 */

/** How far one service's build has come. */
export interface ServiceBuild {
  step: number;
  total: number;
  done: boolean;
  /** The latest meaningful output line. */
  last: string;
}

/** Build progress of every service seen so far. */
export interface BuildProgress {
  services: Record<string, ServiceBuild>;
  current?: string;
}

/** An empty progress. */
export function emptyBuild(): BuildProgress {
  return { services: {} };
}

function touch(p: BuildProgress, name: string, patch: Partial<ServiceBuild>): BuildProgress {
  const prev = p.services[name] ?? { step: 0, total: 0, done: false, last: '' };
  return { ...p, services: { ...p.services, [name]: { ...prev, ...patch } } };
}

/** Folds one output line into the progress (pure). */
export function foldBuildLine(p: BuildProgress, raw: string): BuildProgress {
  const line = raw.trimEnd();
  if (line.trim() === '') return p;
  const building = /^Building (\S+)$/.exec(line);
  if (building) return { ...touch(p, building[1]!, { last: line }), current: building[1]! };

  const kit = /^#\d+ \[([^\s\]]+) (\d+)\/(\d+)\]/.exec(line);
  if (kit) {
    return { ...touch(p, kit[1]!, { step: Number(kit[2]), total: Number(kit[3]), last: line }),
      current: kit[1]! };
  }

  if (!p.current) return p;
  const step = /^Step (\d+)\/(\d+) :/.exec(line);
  if (step) {
    return touch(p, p.current, { step: Number(step[1]), total: Number(step[2]), last: line });
  }

  const finished = /^Successfully (built|tagged) /.test(line);
  return touch(p, p.current, finished ? { done: true, last: line } : { last: line });
}
