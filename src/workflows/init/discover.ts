/**
 * What `cortex-ops init` can learn from the workspace alone: the compose file, its
 * services, which one is the gateway (publishes container port 80) and which the backend
 * (runs uvicorn), the published port, container names, nginx.conf and the Dockerfile.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

/** One published port: `host:container`. */
export interface Published {
  service: string;
  host: number;
  container: number;
}

/** What was found; absent fields were not found. */
export interface Discovery {
  workspace: string;
  composeFile?: string;
  services: string[];
  published: Published[];
  gatewayService?: string;
  gatewayContainer?: string;
  gatewayPort?: number;
  backendService?: string;
  backendContainer?: string;
  backendPort?: number;
  nginxConf?: string;
  backendDockerfile?: string;
  /** The compose file's own `name:`, or '' when it has none. */
  projectName: string;
}

const COMPOSE_NAMES = ['docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml'];
type Raw = Record<string, unknown>;

/** Published ports of a service's `ports:` list (short and long syntax). */
export function publishedPorts(service: string, ports: unknown): Published[] {
  if (!Array.isArray(ports)) return [];
  const out: Published[] = [];
  for (const p of ports) {
    if (typeof p === 'object' && p !== null) {
      const o = p as Raw;
      if (o.published !== undefined) {
        out.push({ service, host: Number(o.published), container: Number(o.target) });
      }

      continue;
    }

    const parts = String(p).replace(/\/(tcp|udp)$/, '').split(':');
    if (parts.length >= 2) {
      out.push({ service, host: Number(parts[parts.length - 2]),
        container: Number(parts[parts.length - 1]) });
    }
  }

  return out.filter((x) => Number.isInteger(x.host) && Number.isInteger(x.container));
}

async function findFile(dir: string, name: RegExp, depth = 4): Promise<string | undefined> {
  if (depth < 0) return undefined;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }

  for (const e of entries) if (e.isFile() && name.test(e.name)) return path.join(dir, e.name);
  for (const e of entries) {
    if (!e.isDirectory() || /^(\.git|node_modules|__pycache__|data)$/.test(e.name)) continue;
    const found = await findFile(path.join(dir, e.name), name, depth - 1);
    if (found) return found;
  }

  return undefined;
}

function dockerfileOf(svc: Raw | undefined): string | undefined {
  const build = svc?.build;
  if (typeof build === 'string') return path.join(build, 'Dockerfile');
  if (build && typeof build === 'object') {
    const b = build as Raw;
    return path.join(String(b.context ?? '.'), String(b.dockerfile ?? 'Dockerfile'));
  }

  return undefined;
}

async function mentionsUvicorn(file: string): Promise<boolean> {
  try {
    return /uvicorn/.test(await readFile(file, 'utf8'));
  } catch {
    return false;
  }
}

/** Looks at the workspace; never throws for a missing file. */
export async function discover(workspace: string): Promise<Discovery> {
  const found: Discovery = { workspace, services: [], published: [], projectName: '' };
  found.nginxConf = await findFile(workspace, /^nginx\.conf$/);
  for (const name of COMPOSE_NAMES) {
    try {
      const doc = parse(await readFile(path.join(workspace, name), 'utf8')) as Raw | null;
      found.composeFile = name;
      // A compose file may name its project; otherwise the host's directory name decides.
      if (typeof doc?.name === 'string') found.projectName = doc.name;
      await readCompose(found, (doc?.services ?? {}) as Record<string, Raw>);
      break;
    } catch {
      continue;
    }
  }

  return found;
}

async function readCompose(found: Discovery, services: Record<string, Raw>): Promise<void> {
  found.services = Object.keys(services);
  for (const [name, svc] of Object.entries(services)) {
    found.published.push(...publishedPorts(name, svc?.ports));
  }

  const gw = found.published.find((p) => p.container === 80) ?? found.published[0];
  if (gw) {
    found.gatewayService = gw.service;
    found.gatewayPort = gw.host;
    found.gatewayContainer = services[gw.service]?.container_name as string | undefined;
  }

  for (const [name, svc] of Object.entries(services)) {
    const df = dockerfileOf(svc);
    if (name === found.gatewayService || !df) continue;
    const file = path.join(found.workspace, df);
    if (await mentionsUvicorn(file)) {
      found.backendService = name;
      found.backendDockerfile = path.relative(found.workspace, file);
      found.backendContainer = svc?.container_name as string | undefined;
      const text = await readFile(file, 'utf8');
      const port = /--port["',\s]+(\d+)/.exec(text);
      if (port) found.backendPort = Number(port[1]);
      break;
    }
  }
}
