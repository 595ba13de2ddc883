/**
 * Docker Compose, v1 (`docker-compose`) or v2 (`docker compose`): detection from version
 * output, and argument arrays for each command a release runs. Every command pins the
 * project name and names its files, so the containers managed never depend on the
 * directory name or the shell's environment.
 */

/** Which compose the host has. */
export type ComposeFlavor = 'v1' | 'v2';

/** A detected compose: its flavor and version. */
export interface ComposeInfo {
  flavor: ComposeFlavor;
  version: string;
}

/** Compose is missing on the host. */
export class ComposeMissingError extends Error {
  override name = 'ComposeMissingError';
  readonly userFacing = true;

  constructor(detail: string) {
    super(`neither \`docker compose\` nor \`docker-compose\` works on the host (${detail}); ` +
      'install Docker Compose there');
  }
}

/** Probes, in order: v2 first, then v1's two spellings. */
export const COMPOSE_PROBES: readonly { flavor: ComposeFlavor; argv: string[] }[] = [
  { flavor: 'v2', argv: ['docker', 'compose', 'version', '--short'] },
  { flavor: 'v1', argv: ['docker-compose', 'version', '--short'] },
  { flavor: 'v1', argv: ['docker-compose', '--version'] },
];

/**
 * Reads a version from `version --short` or `--version` output. v2 prints `2.24.0` or
 * `v2.24.0`; v1 prints `1.29.2` or `docker-compose version 1.29.2, build …`.
 */
export function parseComposeVersion(flavor: ComposeFlavor, output: string):
  ComposeInfo | undefined {
  const m = /(?:^|\s|v)(\d+\.\d+\.\d+[\w.+-]*)/.exec(output.trim());
  if (!m) return undefined;
  const version = m[1]!.replace(/,$/, '');
  const major = Number(version.split('.')[0]);
  // `docker compose` may be a v1 wrapper, and old v2 betas answered to docker-compose.
  const real: ComposeFlavor = major >= 2 ? 'v2' : 'v1';
  return { flavor: flavor === 'v2' && major < 2 ? 'v1' : real, version };
}

/** Where compose runs: flavor, pinned project, files and project directory. */
export interface ComposeTarget {
  flavor: ComposeFlavor;
  project: string;
  /** Compose files, absolute paths on the host, in order. */
  files: readonly string[];
  /** The directory relative paths in the files resolve from. */
  projectDir: string;
}

/** The common prefix: program, project name, files and directory. */
export function composeBase(t: ComposeTarget): string[] {
  const program = t.flavor === 'v2' ? ['docker', 'compose'] : ['docker-compose'];
  return [
    ...program, '-p', t.project, ...t.files.flatMap((f) => ['-f', f]),
    '--project-directory', t.projectDir,
  ];
}

/** `config -q`: validates the files without printing them (they may hold secrets). */
export function composeConfigCheck(t: ComposeTarget): string[] {
  return [...composeBase(t), 'config', '-q'];
}

/** `config --services`: the service names. */
export function composeServices(t: ComposeTarget): string[] {
  return [...composeBase(t), 'config', '--services'];
}

/** `build` of some services (all when empty). v2 gets plain progress for line parsing. */
export function composeBuild(t: ComposeTarget, services: readonly string[] = []): string[] {
  const progress = t.flavor === 'v2' ? ['--progress', 'plain'] : [];
  return [...composeBase(t), ...progress, 'build', ...services];
}

/** `up -d --remove-orphans`, never building: images come from the build step. */
export function composeUp(t: ComposeTarget, forceRecreate: readonly string[] = []): string[] {
  const args = [...composeBase(t), 'up', '-d', '--remove-orphans', '--no-build'];
  return forceRecreate.length > 0
    ? [...args, '--no-deps', '--force-recreate', ...forceRecreate]
    : args;
}

/** `ps` of the project (v2 can print JSON, v1 only the table). */
export function composePs(t: ComposeTarget): string[] {
  return t.flavor === 'v2'
    ? [...composeBase(t), 'ps', '--all', '--format', 'json']
    : [...composeBase(t), 'ps'];
}

/** `logs` of services: the last `tail` lines, optionally following. */
export function composeLogs(t: ComposeTarget, services: readonly string[], tail = 50,
  follow = false): string[] {
  return [
    ...composeBase(t), 'logs', '--no-color', '--tail', String(tail),
    ...(follow ? ['-f'] : []), ...services,
  ];
}

/** `down` then `up -d --build`: the reference scripts' flow, for the bench's comparison. */
export function scriptFlow(t: ComposeTarget): string[][] {
  return [
    [...composeBase(t), 'down'],
    [...composeBase(t), 'up', '-d', '--build', '--remove-orphans'],
  ];
}
