/**
 * Just enough of ~/.ssh/config to find where an alias really points: HostName, Port, User,
 * IdentityFile, UserKnownHostsFile and IdentitiesOnly, with OpenSSH's rule that the first
 * value found for a keyword wins. `Match` blocks and `Include` are not followed.
 */
import { readFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { SshConfig } from '../../config/schema.js';
import { matchPattern } from './known-hosts.js';

/** The keywords this module reads, lower-cased. */
const KEYWORDS = [
  'hostname', 'port', 'user', 'identityfile', 'userknownhostsfile', 'identitiesonly',
] as const;
type Keyword = (typeof KEYWORDS)[number];

/** One `Host` block, or the lines before the first block (patterns `['*']`). */
export interface SshConfigBlock {
  patterns: string[];
  options: Array<[Keyword, string]>;
}

/** The settings ~/.ssh/config gives one alias; absent keys were not set. */
export type SshConfigOptions = Partial<Record<Keyword, string>>;

/** Where and how to connect, after cortex-ops config and ~/.ssh/config are merged. */
export interface SshTarget {
  /** The host as written in cortex-ops config (possibly an alias). */
  host: string;
  /** The name or address actually dialled, and recorded in known_hosts. */
  hostname: string;
  port: number;
  user: string;
  identityFile?: string;
  /** Offer only `identityFile`, never the agent's other keys. */
  identitiesOnly: boolean;
  knownHostsFile: string;
  /** Authenticate with the agent at `agentSocket`. */
  agent: boolean;
  agentSocket?: string;
  /** Seconds allowed for the TCP connect and the SSH handshake. */
  connectTimeoutSec: number;
}

/** Facts about the local machine that resolution needs; tests pass their own. */
export interface LocalEnv {
  home: string;
  username: string;
  /** SSH_AUTH_SOCK, if set. */
  authSock?: string;
}

/** Split a config line into keyword and value (`Key value`, `Key=value`, quoted values). */
function splitLine(line: string): [string, string] | undefined {
  const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
  if (!m?.[1] || m[2] === undefined) return undefined;
  return [m[1].toLowerCase(), m[2].trim()];
}

function unquote(value: string): string {
  const m = /^"([^"]*)"/.exec(value);
  if (m?.[1] !== undefined) return m[1];
  return value.split(/\s+/)[0] ?? '';
}

/** Parse ~/.ssh/config text into blocks. Lines inside `Match` blocks are dropped. */
export function parseSshConfig(text: string): SshConfigBlock[] {
  const blocks: SshConfigBlock[] = [{ patterns: ['*'], options: [] }];
  let current: SshConfigBlock | undefined = blocks[0];

  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const parts = splitLine(line);
    if (!parts) continue;

    const [keyword, value] = parts;
    if (keyword === 'host') {
      current = { patterns: value.split(/\s+/).filter(Boolean), options: [] };
      blocks.push(current);
    } else if (keyword === 'match') {
      current = undefined;
    } else if (current && (KEYWORDS as readonly string[]).includes(keyword)) {
      current.options.push([keyword as Keyword, unquote(value)]);
    }
  }

  return blocks;
}

/** Whether a `Host` line's patterns select an alias (any positive match, no negated one). */
export function hostPatternsMatch(patterns: string[], alias: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (matchPattern(pattern.slice(1), alias)) return false;
    } else if (matchPattern(pattern, alias)) {
      matched = true;
    }
  }

  return matched;
}

/** The options ~/.ssh/config text gives an alias, first value per keyword winning. */
export function lookupSshConfig(text: string, alias: string): SshConfigOptions {
  const found: SshConfigOptions = {};
  for (const block of parseSshConfig(text)) {
    if (!hostPatternsMatch(block.patterns, alias)) continue;
    for (const [keyword, value] of block.options) {
      if (found[keyword] === undefined) found[keyword] = value;
    }
  }

  return found;
}

/** Expand a leading `~` or `~/` to the home directory. */
export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}

/** The real machine's LocalEnv. */
export function localEnv(): LocalEnv {
  return {
    home: homedir(),
    username: process.env.USER ?? userInfo().username,
    authSock: process.env.SSH_AUTH_SOCK || undefined,
  };
}

const DEFAULT_PORT = 22;
const DEFAULT_KNOWN_HOSTS = '~/.ssh/known_hosts';

/**
 * Merge cortex-ops's `ssh` section with ~/.ssh/config. Values written in cortex-ops config
 * win. Because the schema fills in defaults, a port of 22 and the default known_hosts path
 * count as "not set" and yield to ~/.ssh/config.
 */
export function resolveTarget(
  ssh: SshConfig, sshConfigText = '', env: LocalEnv = localEnv(),
): SshTarget {
  const file = lookupSshConfig(sshConfigText, ssh.host);
  const filePort = file.port === undefined ? undefined : Number(file.port);
  const port = ssh.port !== DEFAULT_PORT || !isPort(filePort) ? ssh.port : filePort;

  const knownHosts = ssh.knownHostsFile !== DEFAULT_KNOWN_HOSTS
    ? ssh.knownHostsFile
    : file.userknownhostsfile ?? DEFAULT_KNOWN_HOSTS;

  const rawKey = ssh.identityFile ?? file.identityfile;
  const identityFile = rawKey === undefined ? undefined : expandHome(rawKey, env.home);
  const identitiesOnly = identityFile !== undefined
    && (ssh.identityFile !== undefined || file.identitiesonly?.toLowerCase() === 'yes');
  const agent = ssh.agent && env.authSock !== undefined && !identitiesOnly;

  return {
    host: ssh.host,
    hostname: file.hostname ?? ssh.host,
    port,
    user: ssh.user ?? file.user ?? env.username,
    identityFile,
    identitiesOnly,
    knownHostsFile: expandHome(knownHosts, env.home),
    agent,
    agentSocket: agent ? env.authSock : undefined,
    connectTimeoutSec: ssh.connectTimeout,
  };
}

function isPort(n: number | undefined): n is number {
  return n !== undefined && Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** Read ~/.ssh/config (or `file`); a missing or unreadable file reads as empty. */
export async function readSshConfig(file = join(homedir(), '.ssh', 'config')): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return '';
  }
}

/** resolveTarget with the real ~/.ssh/config and the real environment. */
export async function loadTarget(ssh: SshConfig): Promise<SshTarget> {
  return resolveTarget(ssh, await readSshConfig(), localEnv());
}
