/**
 * The troubleshoot checks that need nothing but files, run on the workspace about to be
 * released: the nginx and uvicorn pitfalls, and compose problems that make `up` fail. They
 * change nothing, so they belong in preflight.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import {
  checkBackendLaunch, checkCompose, checkNginx, parseCompose, type Finding,
} from '../../services/analyze/index.js';
import { backendDockerfile, findNginxConfigs } from '../runbooks/files.js';

/** Compose findings that stop a release: the file does not parse, or two ports collide. */
const BLOCKING_COMPOSE = new Set(['CX301', 'CX303']);

async function read(workspace: string, rel: string): Promise<string | undefined> {
  try {
    return await readFile(path.join(workspace, rel), 'utf8');
  } catch {
    return undefined;
  }
}

/** Findings over the workspace's files, and whether each one blocks the release. */
export async function workspaceFindings(config: Config):
  Promise<{ finding: Finding; blocks: boolean }[]> {
  const ws = config.project.workspace;
  const out: { finding: Finding; blocks: boolean }[] = [];
  const composeRel = config.project.composeFile;
  const composeText = await read(ws, composeRel);
  const model = composeText === undefined ? undefined : parseCompose(composeText, composeRel);
  if (composeText !== undefined) {
    const findings = checkCompose(composeText, composeRel, {
      gateway: [config.gateway.service, config.gateway.container], gatewayPort: config.gateway.port,
      backend: [config.backend.service, config.backend.container],
    });
    for (const f of findings) {
      out.push({ finding: f, blocks: f.verdict === 'failing' && BLOCKING_COMPOSE.has(f.code) });
    }
  }

  const nginxRel = (await findNginxConfigs(ws))[0];
  const nginxText = nginxRel && await read(ws, nginxRel);
  if (nginxRel && nginxText !== undefined) {
    for (const f of checkNginx(nginxText, nginxRel)) {
      out.push({ finding: f, blocks: f.verdict === 'failing' });
    }
  }

  const dockerRel = backendDockerfile(model, config.backend);
  const dockerText = await read(ws, dockerRel);
  if (dockerText !== undefined) {
    const launch = checkBackendLaunch({
      dockerfile: { file: dockerRel, text: dockerText },
      compose: composeText === undefined ? undefined : { file: composeRel, text: composeText },
      backend: [config.backend.service, config.backend.container],
    });
    for (const f of launch) out.push({ finding: f, blocks: f.verdict === 'failing' });
  }

  return out;
}

/** Where a finding points, for one line: `file:line`. */
export function findingPlace(f: Finding): string {
  const e = f.evidence[0];
  return e ? `${e.file}${e.line ? `:${e.line}` : ''}` : '';
}
