/**
 * rsync argument arrays, built by pure functions: the read-only plan (a dry run with
 * itemized changes) and the real sync into a new release directory. Both reach the host
 * through the OpenSSH client with the console's own known_hosts, BatchMode and strict host
 * key checking, so rsync can never stop to ask for a password or trust a new key.
 */
import { buildSshArgs, sshCommandString } from '../ssh/ssh-args.js';
import type { SshTarget } from '../ssh/ssh-config.js';

/** What both rsync runs share. */
export interface RsyncSpec {
  target: SshTarget;
  /** The local workspace (a directory). */
  workspace: string;
  /** Exclude patterns from the config (`project.excludes`), as rsync reads them. */
  excludes: readonly string[];
  /** Paths relative to the project root that are never sent nor deleted. */
  protect: readonly string[];
  /** Extra host-only files at the release root (release metadata) to leave alone. */
  hostOnly?: readonly string[];
}

/** The `-e` value: the ssh command with the SSH helper's options. */
export function rsyncRemoteShell(target: SshTarget): string {
  // buildSshArgs ends with the host; rsync appends the host itself.
  return sshCommandString(buildSshArgs(target).slice(0, -1));
}

/** Anchored excludes for protected and host-only paths; plain ones for the config's. */
export function filterArgs(spec: Pick<RsyncSpec, 'excludes' | 'protect' | 'hostOnly'>): string[] {
  const anchored = (p: string): string => `/${p.replace(/^\/+/, '').replace(/\/+$/, '')}`;
  return [
    ...spec.excludes.map((p) => `--exclude=${p}`),
    ...spec.protect.map((p) => `--exclude=${anchored(p)}`),
    ...(spec.hostOnly ?? []).map((p) => `--exclude=${anchored(p)}`),
  ];
}

/** `user@host:dir/`, with the trailing slash so rsync fills the directory itself. */
export function remoteSpec(target: SshTarget, dir: string): string {
  const host = target.hostname.includes(':') ? `[${target.hostname}]` : target.hostname;
  return `${target.user}@${host}:${dir.replace(/\/+$/, '')}/`;
}

function source(workspace: string): string {
  return `${workspace.replace(/\/+$/, '')}/`;
}

/**
 * The plan: what a release would change in `remoteDir` (the current release), without
 * changing anything. Parse the output with parseItemized().
 */
export function buildDryRunArgs(spec: RsyncSpec, remoteDir: string): string[] {
  return [
    'rsync', '-a', '--delete', '--dry-run', '--itemize-changes', '--stats',
    ...filterArgs(spec),
    '-e', rsyncRemoteShell(spec.target),
    source(spec.workspace), remoteSpec(spec.target, remoteDir),
  ];
}

/**
 * The sync into a fresh release directory. Unchanged files become hard links to the
 * current release (`linkDest`, absolute), so a release costs only what changed.
 */
export function buildSyncArgs(spec: RsyncSpec, releaseDir: string, linkDest?: string): string[] {
  return [
    'rsync', '-a', '-z', '--delete',
    ...(linkDest ? [`--link-dest=${linkDest}`] : []),
    '--info=progress2', '--no-inc-recursive',
    ...filterArgs(spec),
    '-e', rsyncRemoteShell(spec.target),
    source(spec.workspace), remoteSpec(spec.target, releaseDir),
  ];
}
