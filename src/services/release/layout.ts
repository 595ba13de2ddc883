/**
 * Where releases live on the host, and the argument arrays that prepare, switch and prune
 * them. For `remoteDir` /srv/app/cortex-hub:
 *
 *   /srv/app/.cortex-ops/cortex-hub/releases/<release-id>/   one directory per release
 *   /srv/app/.cortex-ops/cortex-hub/shared/{.env,data}        protected, linked into each
 *   /srv/app/.cortex-ops/cortex-hub/current -> releases/<id>  switched with rename(2)
 *   /srv/app/.cortex-ops/cortex-hub/{lock/,audit.jsonl}
 *   /srv/app/cortex-hub -> .cortex-ops/cortex-hub/current     what compose and people use
 */
import path from 'node:path/posix';

/** Every path of one project's release layout on the host. */
export interface ReleaseLayout {
  remoteDir: string;
  name: string;
  base: string;
  releases: string;
  shared: string;
  current: string;
  lock: string;
  audit: string;
}

/** Names written into each release directory by cortex-ops, never by rsync. */
export const RELEASE_FILES = {
  override: 'cortex-ops.release.yml',
  meta: 'cortex-ops.release.json',
} as const;

/** remoteDir is somewhere a release must never go. */
export class UnsafeRemoteDirError extends Error {
  override name = 'UnsafeRemoteDirError';
  readonly userFacing = true;

  constructor(readonly remoteDir: string, why: string) {
    super(`project.remoteDir ${remoteDir} ${why}; choose a project directory such as ` +
      '/srv/cortex-hub');
  }
}

const FORBIDDEN_ROOTS = ['/tmp', '/var/tmp', '/dev', '/proc', '/sys', '/run'];

/** Refuses `/`, temp dirs, system dirs and home directories (the host's `$HOME` too). */
export function validateRemoteDir(remoteDir: string, home?: string): void {
  const dir = path.normalize(remoteDir).replace(/\/+$/, '');
  if (!remoteDir.startsWith('/')) throw new UnsafeRemoteDirError(remoteDir, 'is not absolute');
  if (dir === '' || dir === '/') throw new UnsafeRemoteDirError(remoteDir, 'is the root');
  for (const root of FORBIDDEN_ROOTS) {
    if (dir === root || dir.startsWith(`${root}/`)) {
      throw new UnsafeRemoteDirError(remoteDir, `is under ${root}, which is not kept`);
    }
  }

  const homes = [/^\/root$/, /^\/home$/, /^\/home\/[^/]+$/];
  if (homes.some((re) => re.test(dir)) || (home && path.normalize(home) === dir)) {
    throw new UnsafeRemoteDirError(remoteDir, 'is a home directory');
  }

  if (dir.split('/').length < 3) {
    throw new UnsafeRemoteDirError(remoteDir, 'is a top-level directory');
  }
}

/** The layout for a validated remoteDir. */
export function releaseLayout(remoteDir: string): ReleaseLayout {
  validateRemoteDir(remoteDir);
  const dir = path.normalize(remoteDir).replace(/\/+$/, '');
  const name = path.basename(dir);
  const base = path.join(path.dirname(dir), '.cortex-ops', name);
  return {
    remoteDir: dir, name, base,
    releases: `${base}/releases`, shared: `${base}/shared`, current: `${base}/current`,
    lock: `${base}/lock`, audit: `${base}/audit.jsonl`,
  };
}

/** Release ids: UTC time, then a short commit or random suffix; sortable by age. */
export const RELEASE_ID = /^\d{8}T\d{6}Z-[a-z0-9]{4,12}$/;

/** A new release id, e.g. `20261203T174229Z-3f9c2ab`. */
export function newReleaseId(now: Date, suffix: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const tail = suffix.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12).padEnd(4, '0');
  return `${stamp}-${tail}`;
}

function checkId(id: string): string {
  if (!RELEASE_ID.test(id)) throw new Error(`bad release id ${JSON.stringify(id)}`);
  return id;
}

/** One `sh -c` script with positional arguments: the only way paths reach a shell. */
function sh(script: string, ...args: string[]): string[] {
  return ['sh', '-c', script, 'sh', ...args];
}

/**
 * Prints the host's side of the layout, one `key value` per line: `home`, `kind` of
 * remoteDir (link, dir, missing), `current` release id, `release` per directory, `meta`
 * per release (its JSON), and `freekb` on the file system.
 */
export function inspectArgv(l: ReleaseLayout): string[] {
  return sh([
    'printf "home %s\\n" "$HOME"',
    'if [ -L "$1" ]; then echo "kind link"; elif [ -d "$1" ]; then echo "kind dir";',
    'elif [ -e "$1" ]; then echo "kind other"; else echo "kind missing"; fi',
    'c=$(readlink "$2/current" 2>/dev/null) && printf "current %s\\n" "${c##*/}"',
    'for d in "$2"/releases/*/; do [ -d "$d" ] || continue; r=${d%/}; r=${r##*/}',
    '  printf "release %s\\n" "$r"',
    '  [ -f "$d$3" ] && printf "meta %s %s\\n" "$r" "$(tr -d "\\n" < "$d$3")"',
    'done',
    'p=$(dirname "$1"); printf "freekb %s\\n" "$(df -Pk "$p" | awk "NR==2{print \\$4}")"',
  ].join('\n'), l.remoteDir, l.base, RELEASE_FILES.meta);
}

/** The host's layout as inspectArgv printed it. */
export interface HostLayout {
  home: string;
  kind: 'link' | 'dir' | 'missing' | 'other';
  current?: string;
  releases: string[];
  meta: Record<string, unknown>;
  freeKb?: number;
}

/** Parses inspectArgv's output. */
export function parseInspect(stdout: string): HostLayout {
  const out: HostLayout = { home: '', kind: 'missing', releases: [], meta: {} };
  for (const line of stdout.split('\n')) {
    const [key, ...rest] = line.split(' ');
    const value = rest.join(' ');
    if (key === 'home') out.home = value;
    else if (key === 'kind') out.kind = value as HostLayout['kind'];
    else if (key === 'current' && value) out.current = value;
    else if (key === 'release' && value) out.releases.push(value);
    else if (key === 'freekb' && /^\d+$/.test(value)) out.freeKb = Number(value);
    else if (key === 'meta') out.meta[rest[0]!] = safeJson(rest.slice(1).join(' '));
  }

  out.releases.sort();
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The release directory for an id. */
export function releaseDir(l: ReleaseLayout, id: string): string {
  return `${l.releases}/${checkId(id)}`;
}

/**
 * Turns a plain remoteDir (released the old way) into the first release, `legacyId`. The
 * whole directory is renamed to shared/ (one rename: Docker's root-owned `data` could not
 * be moved on its own, and running containers keep their mounts), remoteDir becomes the
 * symlink at once, and the release is a hard-linked copy without the protected paths. The
 * old code files stay behind in shared/, unused.
 */
export function adoptLegacyArgv(l: ReleaseLayout, legacyId: string,
  protect: readonly string[]): string[] {
  return sh([
    'set -e; dir=$1; base=$2; id=$3; name=$4; shift 4',
    'mkdir -p "$base/releases"; rmdir "$base/shared" 2>/dev/null || true',
    '[ -e "$base/shared" ] && { echo "$base/shared exists already" >&2; exit 3; }',
    'mv -T "$dir" "$base/shared"',
    'ln -sfn shared "$base/.current.new" && mv -T "$base/.current.new" "$base/current"',
    'ln -s ".cortex-ops/$name/current" "$dir"',
    'printf "/%s\\n" "$@" | rsync -a --link-dest="$base/shared" --exclude-from=- \\',
    '  "$base/shared/" "$base/releases/$id/"',
    'for p in "$@"; do',
    '  if [ -e "$base/shared/$p" ]; then ln -s "../../shared/$p" "$base/releases/$id/$p"; fi',
    'done',
    'ln -sfn "releases/$id" "$base/.current.new" && mv -T "$base/.current.new" "$base/current"',
  ].join('\n'), l.remoteDir, l.base, checkId(legacyId), l.name, ...protect.map(cleanRel));
}

function cleanRel(p: string): string {
  const rel = path.normalize(p).replace(/^\/+|\/+$/g, '');
  if (rel === '' || rel === '.' || rel.startsWith('..')) throw new Error(`bad path ${p}`);
  return rel;
}

/**
 * Links the shared protected paths into a new release. A path not yet shared is created
 * as a directory when it looks like one (no dot in its name), so bind mounts find it.
 */
export function linkSharedArgv(l: ReleaseLayout, id: string,
  protect: readonly string[]): string[] {
  return sh([
    'set -e; rel=$1; shared=$2; shift 2; mkdir -p "$shared"',
    'for p in "$@"; do',
    '  case "${p##*/}" in *.*) ;; *) [ -e "$shared/$p" ] || mkdir -p "$shared/$p";; esac',
    '  if [ -e "$shared/$p" ]; then rm -rf "$rel/$p"; ln -s "../../shared/$p" "$rel/$p"; fi',
    'done',
  ].join('\n'), releaseDir(l, id), l.shared, ...protect.map(cleanRel));
}

/**
 * Points `current` at a release with one rename, and makes remoteDir the symlink to
 * `current` when nothing is there yet. Exits 3 if remoteDir is something else.
 */
export function switchArgv(l: ReleaseLayout, id: string): string[] {
  return sh([
    'set -e; base=$1; id=$2; dir=$3; name=$4',
    '[ -d "$base/releases/$id" ] || { echo "release $id is missing" >&2; exit 4; }',
    'ln -sfn "releases/$id" "$base/.current.new" && mv -T "$base/.current.new" "$base/current"',
    'if [ ! -L "$dir" ]; then',
    '  [ -e "$dir" ] && { echo "$dir is not a symlink" >&2; exit 3; }',
    '  mkdir -p "$(dirname "$dir")"; ln -s ".cortex-ops/$name/current" "$dir"',
    'fi',
  ].join('\n'), l.base, checkId(id), l.remoteDir, l.name);
}

/** Creates the base directories and an empty release directory. */
export function prepareArgv(l: ReleaseLayout, id: string): string[] {
  return ['mkdir', '-p', releaseDir(l, id), l.shared];
}

/** Writes stdin to a file atomically (temp file, then rename). */
export function writeFileArgv(file: string): string[] {
  return sh('cat > "$1.tmp" && mv -f "$1.tmp" "$1"', file);
}

/** Prints a file, or nothing when it does not exist. */
export function readFileArgv(file: string): string[] {
  return sh('cat "$1" 2>/dev/null || true', file);
}

/**
 * The releases to delete so that `keep` remain, oldest first, never `current` nor the
 * ones named in `also` (the release being made, the rollback target).
 */
export function releasesToPrune(ids: readonly string[], keep: number,
  also: readonly (string | undefined)[]): string[] {
  const sorted = [...ids].sort();
  const excess = sorted.length - keep;
  if (excess <= 0) return [];
  return sorted.filter((id) => !also.includes(id)).slice(0, excess);
}

/** Removes release directories (ids checked, paths built here only). */
export function pruneArgv(l: ReleaseLayout, ids: readonly string[]): string[] {
  return ['rm', '-rf', '--', ...ids.map((id) => releaseDir(l, id))];
}
