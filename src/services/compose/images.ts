/**
 * Image tags per release. Each built service gets an image named after the project and the
 * service, tagged with the release id, written into a small override file that sits beside
 * the compose file in the release directory. A service whose build produced the same image
 * as before keeps the previous tag, so compose leaves its container alone; earlier images
 * keep their tags, so a rollback finds them.
 */
import { parse } from 'yaml';

/** What the release needs to know about one compose service. */
export interface ServiceModel {
  name: string;
  /** The service has a `build:` section (its image is ours to build and tag). */
  builds: boolean;
  /** Bind-mount sources relative to the project (`./data` -> `data`). */
  binds: string[];
}

type Raw = Record<string, unknown>;

function bindSources(volumes: unknown): string[] {
  if (!Array.isArray(volumes)) return [];
  const out: string[] = [];
  for (const v of volumes) {
    const src = typeof v === 'string' ? v.split(':')[0]
      : (v as Raw | null)?.type === 'bind' ? String((v as Raw).source ?? '') : undefined;
    if (src && (src.startsWith('./') || src === '.')) {
      out.push(src.replace(/^\.\/?/, '').replace(/\/+$/, ''));
    }
  }

  return out;
}

/** The services of a compose file's text (the interpolated values are not needed). */
export function composeServiceModels(text: string): ServiceModel[] {
  const doc = parse(text) as Raw | null;
  const services = (doc?.services ?? {}) as Record<string, Raw | null>;
  return Object.entries(services).map(([name, svc]) => ({
    name,
    builds: svc?.build !== undefined,
    binds: bindSources(svc?.volumes),
  }));
}

/** The image name for a built service of a project, tagged with a release id. */
export function releaseImage(project: string, service: string, tag: string): string {
  const repo = `${project}-${service}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
  return `cortex-ops/${repo}:${tag}`;
}

/** The `version:` key of a compose file, if it has one. */
export function composeFileVersion(text: string): string | undefined {
  const doc = parse(text) as Raw | null;
  return doc?.version === undefined ? undefined : String(doc.version);
}

/**
 * The override file's text: one `image:` per built service. `version` repeats the main
 * file's, because compose v1 refuses to merge files of different versions.
 */
export function imageOverrideYaml(releaseId: string, images: Record<string, string>,
  version?: string): string {
  const lines = [
    `# Written by cortex-ops for release ${releaseId}: the image each built service runs.`,
    '# Compose reads it after the project\'s own file; do not edit.',
  ];
  if (version !== undefined) lines.push(`version: "${version}"`);
  const names = Object.keys(images).sort();
  lines.push('services:');
  for (const name of names) lines.push(`  ${name}:`, `    image: ${images[name]}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The images a release runs: the new tag where the build made a new image, the previous
 * release's image where the image id did not change.
 */
export function chooseImages(
  fresh: Record<string, { image: string; id: string }>,
  previous: Record<string, { image: string; id: string }>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [service, built] of Object.entries(fresh)) {
    const prev = previous[service];
    out[service] = prev && prev.id === built.id ? prev.image : built.image;
  }

  return out;
}

/** Reads the image map back out of an override file's text. */
export function parseImageOverride(text: string): Record<string, string> {
  const doc = parse(text) as Raw | null;
  const out: Record<string, string> = {};
  for (const [name, svc] of Object.entries((doc?.services ?? {}) as Record<string, Raw>)) {
    if (typeof svc?.image === 'string') out[name] = svc.image;
  }

  return out;
}

/**
 * Services whose bind-mounted files changed in this release. Their containers are
 * recreated even when their image did not change, because a running container keeps the
 * directory it was started with.
 */
export function servicesWithChangedBinds(services: readonly ServiceModel[],
  changedPaths: readonly string[]): string[] {
  return services.filter((s) => s.binds.some((b) => changedPaths.some((p) =>
    b === '' || p === b || p.startsWith(`${b}/`)))).map((s) => s.name);
}

/**
 * Prints each file (the override files of releases) after a `== path` line; a missing file
 * prints its header alone.
 */
export function readOverridesArgv(files: readonly string[]): string[] {
  return ['sh', '-c',
    'for f in "$@"; do printf "== %s\\n" "$f"; cat "$f" 2>/dev/null || true; done', 'sh', ...files];
}

/** The image map of each file printed by readOverridesArgv, by path. */
export function parseOverrides(stdout: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  const parts = stdout.split(/^== (.*)\n/m);
  for (let i = 1; i < parts.length; i += 2) {
    try {
      out[parts[i]!] = parseImageOverride(parts[i + 1] ?? '');
    } catch {
      out[parts[i]!] = {};
    }
  }

  return out;
}

/** Lists cortex-ops's own per-release images on the host, `repository:tag` a line. */
export function listReleaseImagesArgv(): string[] {
  return ['docker', 'image', 'ls', '--filter', 'reference=cortex-ops/*', '--format',
    '{{.Repository}}:{{.Tag}}'];
}

/** What the image pruning knows: pruned and kept releases, and the host's images. */
export interface ImagePruneInput {
  /** The ids of the releases being removed. */
  prunedIds: readonly string[];
  /** The image maps of the pruned releases' overrides. */
  pruned: readonly Record<string, string>[];
  /** The image maps of the releases that stay. */
  kept: readonly Record<string, string>[];
  /** Images that containers run now. */
  running: readonly string[];
  /** cortex-ops's images on the host (listReleaseImagesArgv). */
  present: readonly string[];
}

/**
 * The images to remove: those tagged with a pruned release's id (each release tags every
 * service it builds, used or not) and those a pruned release's override named, unless a kept
 * release's override names them (a service whose image did not change keeps an older
 * release's tag) or a container runs them. Only cortex-ops's own tags are ever candidates.
 */
export function imagesToRemove(input: ImagePruneInput): string[] {
  const needed = new Set([...input.kept.flatMap((m) => Object.values(m)), ...input.running]);
  const tagOf = (image: string): string => image.slice(image.lastIndexOf(':') + 1);
  const candidates = [
    ...input.present.filter((i) => input.prunedIds.includes(tagOf(i))),
    ...input.pruned.flatMap((m) => Object.values(m)),
  ];
  return [...new Set(candidates)]
    .filter((i) => i.startsWith('cortex-ops/') && !needed.has(i)).sort();
}

/**
 * Removes images by name, never by force: one still in use stays. Prints the name of each
 * image removed.
 */
export function removeImagesArgv(images: readonly string[]): string[] {
  return ['sh', '-c',
    'for i in "$@"; do docker image rm "$i" >/dev/null 2>&1 && printf "%s\\n" "$i"; done; true',
    'sh', ...images];
}
