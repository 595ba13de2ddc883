/**
 * Opens what a troubleshooting run needs for a session: the demo's host picture or the
 * Docker host over the shared SSH connection, the edge's CA, the backup folder and the
 * probe timeout.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import type { DemoStack } from '../../demo/stack.js';
import { loadTarget, sshPool } from '../../services/ssh/index.js';
import { hostKeyHandler, type HostKeyPolicy } from '../target.js';
import { DemoHost } from './demo-host.js';
import { FailFastHost } from './fail-fast.js';
import type { TroubleshootHost } from './host.js';
import type { TroubleshootContext } from './model.js';
import { SshHost } from './ssh-host.js';

/** What to open a context from: a session's config and demo stack. */
export interface ContextSource {
  config: Config;
  demo?: DemoStack;
  /** What to do about an unknown SSH host key; default: refuse it. */
  policy?: HostKeyPolicy;
  /** Overrides the backup folder (tests). */
  backupDir?: string;
  /** Overrides the host (tests). */
  host?: TroubleshootHost;
}

/** Where fixes keep backups: $XDG_STATE_HOME/cortex-ops/backups. */
export function defaultBackupDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME || path.join(env.HOME || homedir(), '.local', 'state');
  return path.join(base, 'cortex-ops', 'backups');
}

/** The edge CA named in the config cannot be read. */
export class CaFileError extends Error {
  override name = 'CaFileError';
  readonly userFacing = true;
}

async function openHost(src: ContextSource): Promise<TroubleshootHost> {
  if (src.host) return src.host;
  if (src.demo) return new DemoHost(src.demo);
  const target = await loadTarget(src.config.ssh);
  const policy = src.policy ?? { kind: 'non-interactive', acceptNewHostKey: false };
  const conn = sshPool.get(target, { onUnknownHost: hostKeyHandler(policy) });
  return new FailFastHost(new SshHost(conn));
}

async function readCa(file: string | undefined): Promise<string | undefined> {
  if (!file) return undefined;
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new CaFileError(`cannot read edge.caFile ${file} ` +
      `(${(err as NodeJS.ErrnoException).code ?? 'error'}); fix the path in cortex-ops.yaml`);
  }
}

/** Builds the context of a troubleshooting run. Throws CaFileError. */
export async function openTroubleshoot(src: ContextSource): Promise<TroubleshootContext> {
  const { config } = src;
  return {
    config,
    host: await openHost(src),
    workspace: src.demo ? '' : config.project.workspace,
    ca: await readCa(config.edge.caFile),
    backupDir: src.backupDir ?? defaultBackupDir(),
    timeoutMs: config.dashboard.probeTimeout * 1000,
  };
}
