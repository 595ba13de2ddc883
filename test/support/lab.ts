/**
 * The lab (lab/*.sh, see lab/README.md) as tests use it:
 *
 *   const lab = labAvailable();
 *   describe.skipIf(!lab.ok)('...', () => {
 *     let unlock: () => Promise<void>;
 *     beforeAll(async () => { unlock = await lockLab(); await ensureLabUp(); }, 300_000);
 *     afterAll(async () => { await resetFaults(); await unlock(); });
 *     it('...', async () => { await setFault('oidc-scheme', true); ... });
 *   });
 *
 * The lab is shared by everyone on the machine, so a test file that changes it (faults,
 * deploys) holds the lab lock while it runs; the lock is re-entrant within one process.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The lab's state directory (CORTEX_LAB_DIR, default /var/lib/cortex-ops-lab). */
export const LAB_DIR = process.env.CORTEX_LAB_DIR ?? '/var/lib/cortex-ops-lab';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const FACTS = path.join(LAB_DIR, 'lab.json');
const LOCK = path.join(LAB_DIR, 'test.lock');

/** The faults `npm run lab:fault` knows. */
export const LAB_FAULTS = [
  'oidc-scheme', 'ws-upgrade', 'port-collision', 'cluster-port', 'backend-down',
  'migration-fail', 'hang', 'hostkey-change', 'ssh-drop', 'dockerd-down',
] as const;
export type LabFault = (typeof LAB_FAULTS)[number];

/** Whether lab tests can run here, and if not, why (for the skip message). */
export type LabAvailability = { ok: true } | { ok: false; reason: string };

/** What lab/up.sh wrote to <state>/lab.json: paths and ports of the running lab. */
export interface LabState {
  dir: string;
  cacheDir: string;
  /** The cortex-ops config for the lab (pass to --config or loadConfig). */
  configPath: string;
  /** The lab host's user that ssh logs in as. */
  user: string;
  workspace: string;
  remoteDir: string;
  /** The compose project name. */
  project: string;
  cluster: string;
  identityFile: string;
  knownHostsFile: string;
  caFile: string;
  /** DOCKER_HOST of the lab's dockerd on this machine (unix://...). */
  dockerHost: string;
  ports: {
    /** The ssh relay (what the config points at; ssh-drop cuts it). */
    ssh: number;
    /** sshd itself, behind the relay. */
    sshd: number;
    /** The control plane relay (what the config points at; hang stalls it). */
    control: number;
    /** The stand-in's control plane itself, behind the relay. */
    controlInner: number;
    admin: number;
    /** The edge's HTTPS listener (https://localhost:PORT). */
    edge: number;
    gateway: number;
    backend: number;
  };
}

/** One part of the lab in `lab:status --json`. */
export interface LabComponent {
  ok: boolean;
  detail: string;
}

/** `npm run lab:status -- --json`. */
export interface LabStatus {
  up: boolean;
  healthy: boolean;
  components?: Record<string, LabComponent>;
  faults?: Record<LabFault, boolean>;
}

/** A lab script failed; the message carries the end of its output. */
export class LabCommandError extends Error {
  constructor(script: string, detail: string) {
    super(`lab/${script} failed: ${detail}`);
    this.name = 'LabCommandError';
  }
}

function onPath(cmd: string): boolean {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin']);
  return dirs.some((dir) => {
    try {
      accessSync(path.join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Whether the lab is up or can be provisioned here: root, bash, and either a lab already
 * up or apt-get to install what it needs. Set CORTEX_LAB=0 to skip lab tests on purpose.
 */
export function labAvailable(): LabAvailability {
  if (process.env.CORTEX_LAB === '0') return { ok: false, reason: 'CORTEX_LAB=0 is set' };
  if (process.platform !== 'linux') return { ok: false, reason: 'the lab needs Linux' };
  if (process.getuid?.() !== 0) {
    return { ok: false, reason: 'not root (the lab starts its own dockerd and sshd)' };
  }

  if (!onPath('bash')) return { ok: false, reason: 'no bash on PATH' };
  if (existsSync(FACTS) || onPath('apt-get')) return { ok: true };
  return { ok: false, reason: 'no lab is up and apt-get is missing to provision one' };
}

/** The running lab's facts; throws when lab/up.sh has not run. */
export function labState(): LabState {
  if (!existsSync(FACTS)) {
    throw new Error(`no lab at ${LAB_DIR} (no lab.json): call ensureLabUp() first`);
  }

  return JSON.parse(readFileSync(FACTS, 'utf8')) as LabState;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runScript(script: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile('bash', [path.join(REPO, 'lab', script), ...args], {
      cwd: REPO, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024,
    }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function mustRun(script: string, args: string[], timeoutMs: number): Promise<string> {
  const res = await runScript(script, args, timeoutMs);
  if (res.code !== 0) {
    const tail = (res.stderr || res.stdout).trim().split('\n').slice(-5).join(' | ');
    throw new LabCommandError([script, ...args].join(' '), tail || `exit ${res.code}`);
  }

  return res.stdout;
}

/** `npm run lab:status -- --json`, parsed. */
export async function labStatus(): Promise<LabStatus> {
  const res = await runScript('status.sh', ['--json'], 30_000);
  return JSON.parse(res.stdout) as LabStatus;
}

let upOnce: Promise<LabState> | undefined;

/**
 * Runs lab/up.sh once per process (it is idempotent and quick when the lab is up) under
 * the lab lock, and returns the lab's facts. The first, cold start may take two minutes.
 */
export function ensureLabUp(): Promise<LabState> {
  upOnce ??= withLabLock(async () => {
    await mustRun('up.sh', [], 600_000);
    return labState();
  });
  upOnce.catch(() => {
    upOnce = undefined;
  });
  return upOnce;
}

/** Switches a fault on or off (`npm run lab:fault NAME on|off`); resolves once applied. */
export async function setFault(name: LabFault, on: boolean): Promise<void> {
  await mustRun('fault.sh', [name, on ? 'on' : 'off'], 180_000);
}

/** Turns every fault that is on off again and waits for health. */
export async function resetFaults(): Promise<void> {
  await mustRun('fault.sh', ['reset'], 300_000);
}

let holder: ChildProcess | undefined;
let depth = 0;
let acquiring: Promise<void> | undefined;

function acquire(timeoutMs: number): Promise<void> {
  mkdirSync(LAB_DIR, { recursive: true });
  // flock(1) holds the lock for as long as cat waits on our pipe; if this process dies the
  // pipe closes and the lock goes with it.
  const child = spawn('flock', ['-x', '-w', String(Math.ceil(timeoutMs / 1000)), LOCK,
    '-c', 'echo locked; exec cat'], { stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => {
      holder = child;
      resolve();
    });
    child.once('exit', (code) => {
      if (holder !== child) reject(new Error(`could not take ${LOCK} (flock exit ${code})`));
    });
    child.once('error', reject);
  });
}

/**
 * Takes the machine-wide lab lock (an flock on <state>/test.lock); resolves to a function
 * that releases it. Re-entrant within one process.
 */
export async function lockLab(timeoutMs = 900_000): Promise<() => Promise<void>> {
  if (depth === 0) {
    acquiring ??= acquire(timeoutMs).finally(() => {
      acquiring = undefined;
    });
    await acquiring;
  }

  depth++;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    depth--;
    if (depth > 0 || !holder) return;
    const child = holder;
    holder = undefined;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.stdin?.end();
    });
  };
}

/** Runs fn while holding the lab lock. */
export async function withLabLock<T>(fn: () => Promise<T>, timeoutMs?: number): Promise<T> {
  const unlock = await lockLab(timeoutMs);
  try {
    return await fn();
  } finally {
    await unlock();
  }
}
