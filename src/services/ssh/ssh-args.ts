/**
 * Arguments for the OpenSSH client, so that rsync (`-e`) and the docker CLI reach the host
 * with the same known_hosts file, key and timeouts as cortex-ops's own connection, and never
 * stop to ask a question.
 */
import { quoteArgv } from '../shell-quote.js';
import type { SshTarget } from './ssh-config.js';

/** Seconds between OpenSSH's keepalive probes, and how many may go unanswered. */
const ALIVE_INTERVAL = 15;
const ALIVE_COUNT = 3;

/** The option part of the argv, without the host: what rsync's `-e` takes after `ssh`. */
export function buildSshOptions(target: SshTarget): string[] {
  const args = [
    '-p', String(target.port),
    '-o', 'BatchMode=yes',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', `UserKnownHostsFile=${optionPath(target.knownHostsFile)}`,
  ];
  if (target.identityFile !== undefined) {
    args.push('-o', 'IdentitiesOnly=yes', '-i', target.identityFile);
  }

  args.push(
    '-o', `ConnectTimeout=${target.connectTimeoutSec}`,
    '-o', `ServerAliveInterval=${ALIVE_INTERVAL}`,
    '-o', `ServerAliveCountMax=${ALIVE_COUNT}`,
    '-l', target.user,
  );
  return args;
}

/** The full argv after `ssh`: options then the host name; append a remote command to run. */
export function buildSshArgs(target: SshTarget): string[] {
  return [...buildSshOptions(target), target.hostname];
}

/** One command string, `ssh` first, for rsync's `-e` (rsync splits it like a shell). */
export function sshCommandString(argv: readonly string[]): string {
  return quoteArgv(['ssh', ...argv]);
}

/**
 * UserKnownHostsFile takes a space-separated list, so a path with spaces is wrapped in
 * double quotes, which OpenSSH strips when it splits the value.
 */
function optionPath(path: string): string {
  return /\s/.test(path) ? `"${path}"` : path;
}
