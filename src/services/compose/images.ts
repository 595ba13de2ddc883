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
