/** What the cluster runbook and its fix both ask: the expected port, and the edge's answer. */
import type { Evidence } from '../../services/analyze/index.js';
import { publishedGatewayPort, stackFiles } from './files.js';
import { probe } from './http.js';
import type { TroubleshootContext } from './model.js';
import { edgeUrl } from './util.js';

/** The port the gateway should be reached on, and where that comes from. */
export async function expectedGatewayPort(
  ctx: TroubleshootContext, signal: AbortSignal,
): Promise<{ port: number; evidence: Evidence }> {
  const published = publishedGatewayPort(await stackFiles(ctx, signal), ctx);
  if (published) {
    return { port: published.port, evidence: { file: published.file, line: published.line,
      text: `publishes ${published.raw}` } };
  }

  return { port: ctx.config.gateway.port,
    evidence: { file: 'cortex-ops.yaml', text: `gateway.port: ${ctx.config.gateway.port}` } };
}

/** Whether a request through the edge reached the stack; undefined when it did. */
export async function edgeProblem(
  ctx: TroubleshootContext, signal: AbortSignal,
): Promise<string | undefined> {
  const url = edgeUrl(ctx, ctx.config.backend.healthPath);
  try {
    const res = await probe(url, { signal, timeoutMs: ctx.timeoutMs, ca: ctx.ca });
    const server = String(res.headers.server ?? '');
    if (res.status >= 500 || (res.status === 404 && server === 'envoy')) {
      return `${url} answered ${res.status} (server: ${server || 'none'})`;
    }

    return undefined;
  } catch (err) {
    return `${url}: ${(err as Error).message}`;
  }
}
