/** Shared pieces of the deploy tests: a recording sink and a config for a test sshd. */
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { configSchema, type Config } from '../../src/config/schema.js';
import type { DeploySink } from '../../src/workflows/deploy/types.js';

/** A sink that keeps every event as one text line. */
export function recordingSink(): DeploySink & { events: string[] } {
  const events: string[] = [];
  return {
    events,
    step: (id, state, detail) => events.push(`step ${id} ${state} ${detail ?? ''}`),
    line: (id, text) => events.push(`line ${id} ${text}`),
    plan: (p) => events.push(`plan ${JSON.stringify(p)}`),
    sync: (p) => events.push(`sync ${JSON.stringify(p)}`),
    build: (p) => events.push(`build ${JSON.stringify(p)}`),
    verify: (c) => events.push(`verify ${JSON.stringify(c)}`),
  };
}

/** A scratch root outside /tmp (release layouts refuse /tmp). */
export function scratchRoot(): Promise<string> {
  return mkdtemp('/var/lib/cx-deploy-');
}

/** Copies the lab's sample stack into `dir` as a workspace, with a .env holding `canary`. */
export async function sampleWorkspace(dir: string, canary: string): Promise<string> {
  const ws = join(dir, 'workspace');
  await cp(join(import.meta.dirname, '../../lab/sample-stack'), ws, { recursive: true });
  await writeFile(join(ws, '.env'), `API_TOKEN=${canary}\n`);
  return ws;
}

/** A config that reaches a test sshd on 127.0.0.1 as root. */
export function sshdConfig(o: { port: number; key: string; knownHosts: string;
  workspace: string; remoteDir: string; }): Config {
  return configSchema.parse({
    environment: 'test', production: false,
    edge: { controlPlaneUrl: 'http://127.0.0.1:9', adminUrl: 'http://127.0.0.1:9',
      publicUrl: 'https://localhost:9' },
    gateway: { host: '127.0.0.1', port: 18002 },
    ssh: { host: '127.0.0.1', port: o.port, user: 'root', identityFile: o.key,
      knownHostsFile: o.knownHosts, agent: false },
    project: { workspace: o.workspace, remoteDir: o.remoteDir, projectName: 'cxtest' },
  });
}
