/** Small helpers shared by the runbooks. */
import type { Finding } from '../../services/analyze/index.js';
import { liveFinding } from './codes.js';
import type { HostCallOptions, HostContainer } from './host.js';
import type { TroubleshootContext } from './model.js';
import type { LoadedFile } from './files.js';

/** The options of a host call within a check. */
export function callOpts(ctx: TroubleshootContext, signal: AbortSignal): HostCallOptions {
  return { signal, timeoutMs: ctx.timeoutMs };
}

/** The finding for a file no copy of which was found. */
export function missingFile(what: string, hostError?: string): Finding {
  const why = hostError ? ` (the host's copy could not be read: ${hostError})` : '';
  return liveFinding('CX691', 'warning', `No ${what} in the workspace or on the host${why}.`);
}

/**
 * Runs an analyzer on a loaded file, keeping the findings whose code matches; says so when
 * the workspace copy stood in for a host copy that could not be read.
 */
export function analyze(
  file: LoadedFile | undefined, what: string, hostError: string | undefined,
  run: (f: LoadedFile) => Finding[], keep: (code: string) => boolean,
): Finding[] {
  if (!file) return [missingFile(what, hostError)];
  const found = run(file).filter((f) => keep(f.code));
  if (file.source === 'host' || !hostError) return found;
  const note = liveFinding('CX690', 'warning', `The host's ${what} could not be read ` +
    `(${hostError}); the workspace copy ${file.file} was checked instead.`);
  return [note, ...found];
}

/** The container with this name, if the host has one. */
export function containerNamed(list: HostContainer[], name: string): HostContainer | undefined {
  return list.find((c) => c.name === name);
}

/** The base URL of the gateway as the local machine reaches it. */
export function gatewayUrl(ctx: TroubleshootContext, path: string): string {
  const { host, port } = ctx.config.gateway;
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${h}:${port}${path}`;
}

/** The public URL with a path, as users reach it through the edge. */
export function edgeUrl(ctx: TroubleshootContext, path: string): string {
  return new URL(path, ctx.config.edge.publicUrl).toString();
}

/** The scheme of a Location header (absolute URLs only). */
export function locationScheme(location: string | undefined): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location ?? '');
  return m?.[1]?.toLowerCase();
}
