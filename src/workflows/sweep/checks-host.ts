/** The Host pane: SSH, Docker, Compose v1 or v2, disk free for Docker's data root, load. */
import type { Facts } from './facts.js';
import { parseComposeVersion, parseDf, parseLoadavg, sizeWords } from './host-commands.js';
import { failed, type CheckDef, type Verdict } from './words.js';
import type { CommandResult } from './target-types.js';

/** True when a command ran and exited 0. */
export function answered(r: CommandResult | undefined): boolean {
  return r !== undefined && r.code === 0;
}

async function sshCheck(f: Facts): Promise<Verdict> {
  const o = await f.reach();
  if (!o.ok) return failed(o);
  return { status: 'ok', words: o.value, latencyMs: o.ms };
}

async function dockerCheck(f: Facts): Promise<Verdict> {
  const o = await f.dockerVersion();
  if (!o.ok) return failed(o);
  return { status: 'ok', words: `Docker ${o.value}`, latencyMs: o.ms };
}

async function composeCheck(f: Facts): Promise<Verdict> {
  const o = await f.compose();
  if (!o.ok) return failed(o);
  const { v2, v1 } = o.value;
  const two = answered(v2) ? parseComposeVersion(v2!.stdout) : undefined;
  if (two) return { status: 'ok', words: `v2 ${two.version} (docker compose)`, latencyMs: o.ms };
  const one = answered(v1) ? parseComposeVersion(v1!.stdout) : undefined;
  if (one) return { status: 'ok', words: `v1 ${one.version} (docker-compose)`, latencyMs: o.ms };
  return { status: 'failing', words: 'neither `docker compose` nor `docker-compose` answers',
    latencyMs: o.ms };
}

/** Disk words and status from df output; warning from 90 % used, failing from 97 %. */
export function diskVerdict(root: string, stdout: string): Verdict {
  const df = parseDf(stdout);
  if (!df) return { status: 'unknown', words: `could not read df for ${root}` };
  const status = df.usedPct >= 97 ? 'failing' : df.usedPct >= 90 ? 'warning' : 'ok';
  return {
    status,
    words: `${sizeWords(df.availKb)} free of ${sizeWords(df.totalKb)} (${df.usedPct}% used) ` +
      `at ${root}`,
  };
}

async function diskCheck(f: Facts): Promise<Verdict> {
  const o = await f.disk();
  if (!o.ok) return failed(o);
  const { root, df } = o.value;
  if (!answered(df)) {
    return { status: 'unknown', words: `df ${root}: ${df.stderr.trim() || `exit ${df.code}`}` };
  }

  return { ...diskVerdict(root, df.stdout), latencyMs: o.ms };
}

/** Load words; warning when the 5-minute load is above twice the CPUs. */
export function loadVerdict(stdout: string, cpus?: number): Verdict {
  const l = parseLoadavg(stdout);
  if (!l) return { status: 'unknown', words: 'could not read /proc/loadavg' };
  const on = cpus ? ` on ${cpus} CPU${cpus === 1 ? '' : 's'}` : '';
  const high = cpus !== undefined && l.load5 > 2 * cpus;
  return { status: high ? 'warning' : 'ok', words: `${l.load1} ${l.load5} ${l.load15}${on}` };
}

async function loadCheck(f: Facts): Promise<Verdict> {
  const o = await f.load();
  if (!o.ok) return failed(o);
  if (!answered(o.value.loadavg)) return { status: 'unknown', words: 'no /proc/loadavg' };
  return { ...loadVerdict(o.value.loadavg.stdout, o.value.cpus), latencyMs: o.ms };
}

/** The Host pane's checks. */
export const HOST_CHECKS: CheckDef[] = [
  { id: 'host.ssh', pane: 'host', label: 'SSH', run: sshCheck },
  { id: 'host.docker', pane: 'host', label: 'Docker', run: dockerCheck },
  { id: 'host.compose', pane: 'host', label: 'Compose', run: composeCheck },
  { id: 'host.disk', pane: 'host', label: 'disk', run: diskCheck },
  { id: 'host.load', pane: 'host', label: 'load', run: loadCheck },
];
