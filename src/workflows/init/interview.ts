/**
 * The `cortex-ops init` interview: suggestions from the workspace (or the reference
 * deployment), the SSH connection and host key checked with the user, then the config
 * written and loaded back to prove it is valid.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/load.js';
import { validateRemoteDir } from '../../services/release/layout.js';
import { SshConnection } from '../../services/ssh/connection.js';
import { resolveTarget } from '../../services/ssh/ssh-config.js';
import { discover, type Discovery } from './discover.js';
import { REFERENCE, renderConfig, type InitAnswers } from './render.js';

/** How the interview talks to the user. */
export interface Prompter {
  /** Asks; an empty answer takes the suggestion. */
  ask(question: string, suggestion: string): Promise<string>;
  confirm(question: string, yesByDefault: boolean): Promise<boolean>;
  say(line: string): void;
}

/**
 * The project name compose gave the running stack: the old release scripts ran compose in the
 * project directory on the host, so it is that directory's name, normalised as compose does.
 */
export function composeProjectName(remoteDir: string): string {
  return path.basename(remoteDir).toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

async function askValid(p: Prompter, q: string, suggestion: string,
  check: (v: string) => string | undefined): Promise<string> {
  for (;;) {
    const v = (await p.ask(q, suggestion)).trim();
    const problem = check(v);
    if (!problem) return v;
    p.say(`  ${problem}`);
  }
}

const isPort = (v: string) => (/^\d+$/.test(v) && Number(v) > 0 && Number(v) < 65536
  ? undefined : 'a port number, 1-65535');
const nonEmpty = (v: string) => (v ? undefined : 'needs a value');
const isUrl = (v: string) => (/^https?:\/\/\S+$/.test(v) ? undefined
  : 'a URL such as http://host:port');

function describeDiscovery(p: Prompter, d: Discovery): void {
  p.say(`workspace ${d.workspace}`);
  p.say(d.composeFile ? `  compose file ${d.composeFile}: services ${d.services.join(', ')}`
    : '  no compose file found');
  for (const x of d.published) p.say(`  ${x.service} publishes ${x.host} -> ${x.container}`);
  if (d.gatewayService) p.say(`  gateway: service ${d.gatewayService} on port ${d.gatewayPort}`);
  if (d.backendService) p.say(`  backend: service ${d.backendService} (${d.backendDockerfile})`);
  if (d.nginxConf) p.say(`  nginx.conf: ${path.relative(d.workspace, d.nginxConf)}`);
}

async function askTarget(p: Prompter, d: Discovery): Promise<Partial<InitAnswers>> {
  const environment = await askValid(p, 'Environment name', 'production', nonEmpty);
  const production = await p.confirm('Is this a production target?', environment === 'production');
  const sshHost = await askValid(p, 'SSH host (name, address or ~/.ssh/config alias)',
    REFERENCE.sshHost, nonEmpty);
  const sshPort = Number(await askValid(p, 'SSH port', '22', isPort));
  const sshUser = await askValid(p, 'SSH user', REFERENCE.sshUser, nonEmpty);
  const defKey = path.join(homedir(), '.ssh', 'id_ed25519');
  const identityFile = (await p.ask('Private key file (empty: use the SSH agent)',
    existsSync(defKey) ? defKey : '')).trim();
  const knownHostsFile = await askValid(p, 'known_hosts file', '~/.ssh/known_hosts', nonEmpty);
  const remoteDir = await askValid(p, 'Project directory on the host', REFERENCE.remoteDir,
    (v) => {
      try {
        validateRemoteDir(v);
        return undefined;
      } catch (err) {
        return (err as Error).message;
      }
    });
  return { environment, production, sshHost, sshPort, sshUser, identityFile, knownHostsFile,
    remoteDir, projectName: d.projectName || composeProjectName(remoteDir) };
}

async function askStack(p: Prompter, d: Discovery, sshHost: string):
  Promise<Partial<InitAnswers>> {
  return {
    gatewayHost: await askValid(p, 'Gateway host (as the edge reaches it)', sshHost, nonEmpty),
    gatewayPort: Number(await askValid(p, 'Gateway published port',
      String(d.gatewayPort ?? 8002), isPort)),
    gatewayService: d.gatewayService ?? 'frontend',
    gatewayContainer: d.gatewayContainer ?? 'ai_unified_frontend',
    backendService: d.backendService ?? 'backend',
    backendContainer: d.backendContainer ?? 'ai_hub_service',
    backendPort: d.backendPort ?? 8000,
    controlPlaneUrl: await askValid(p, 'Envoy control plane URL', REFERENCE.controlPlaneUrl, isUrl),
    adminUrl: await askValid(p, 'Envoy admin URL', REFERENCE.adminUrl, isUrl),
    publicUrl: await askValid(p, 'Public URL', REFERENCE.publicUrl, isUrl),
    cluster: await askValid(p, 'Envoy cluster of the gateway', REFERENCE.cluster, nonEmpty),
    caFile: (await p.ask('Private CA file for the edge (empty: none)', '')).trim(),
  };
}

/** Connects once, asking about an unknown host key; true when the connection works. */
export async function checkSsh(p: Prompter, a: InitAnswers, signal: AbortSignal):
  Promise<boolean> {
  const target = resolveTarget({ host: a.sshHost, port: a.sshPort, user: a.sshUser,
    identityFile: a.identityFile || undefined, agent: !a.identityFile,
    knownHostsFile: a.knownHostsFile.replace(/^~(?=\/)/, homedir()), connectTimeout: 10 });
  const conn = new SshConnection(target, {
    onUnknownHost: async (info) => {
      p.say(`The host key of ${info.host}:${info.port} is not known yet:`);
      p.say(`  ${info.keyType} ${info.fingerprint}`);
      return p.confirm('Does this fingerprint match the host? Trust it', false);
    },
  });
  try {
    const r = await conn.exec(['true'], { signal, timeoutMs: 20_000 });
    p.say(r.code === 0 ? `SSH to ${conn.label} works; host key verified` :
      `SSH works but a command failed (exit ${r.code})`);
    return r.code === 0;
  } catch (err) {
    p.say(`SSH check failed: ${(err as Error).message}`);
    return false;
  } finally {
    conn.close();
  }
}

/** Runs the interview and writes `file`; resolves with the path written, or undefined. */
export async function runInit(p: Prompter, workspace: string, file: string,
  signal: AbortSignal): Promise<string | undefined> {
  const d = await discover(workspace);
  describeDiscovery(p, d);
  const target = await askTarget(p, d);
  const stack = await askStack(p, d, target.sshHost!);
  const sameDir = path.resolve(path.dirname(file)) === path.resolve(workspace);
  const answers = { ...target, ...stack, workspace: sameDir ? '.' : path.resolve(workspace),
    composeFile: d.composeFile ?? 'docker-compose.yml' } as InitAnswers;
  const ok = await checkSsh(p, answers, signal);
  if (!ok && !(await p.confirm('Write the config anyway?', false))) return undefined;
  if (existsSync(file) && !(await p.confirm(`${file} exists. Replace it?`, false))) {
    return undefined;
  }

  await writeFile(file, renderConfig(answers), { mode: 0o644 });
  loadConfig(file);
  p.say(`wrote ${file}; next: cortex-ops status, then cortex-ops deploy`);
  return file;
}
