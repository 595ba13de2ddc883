/**
 * Failures of the SSH layer that a user can fix. Each message is one line: what failed and
 * what to do about it.
 */

/** The base of every SSH error a user can act on. */
export class SshError extends Error {
  override name = 'SshError';
}

function where(host: string, port: number): string {
  return port === 22 ? host : `${host}:${port}`;
}

/** The host is not in known_hosts and the key was not accepted. */
export class HostKeyUnknownError extends SshError {
  override name = 'HostKeyUnknownError';

  constructor(readonly host: string, readonly port: number, readonly fingerprint: string) {
    super(`host key of ${where(host, port)} is not known (${fingerprint}); ` +
      'verify the fingerprint and accept it, or pass --accept-new-host-key');
  }
}

/** The host is in known_hosts with other keys: possibly an impostor; never accepted. */
export class HostKeyChangedError extends SshError {
  override name = 'HostKeyChangedError';

  constructor(
    readonly host: string, readonly port: number,
    readonly expected: string[], readonly got: string, readonly knownHostsFile: string,
  ) {
    super(`host key of ${where(host, port)} has changed: known ${expected.join(', ')}, ` +
      `presented ${got}; if the host was rebuilt, remove its line from ${knownHostsFile}`);
  }
}

/** The host presented a key marked @revoked in known_hosts. */
export class HostKeyRevokedError extends SshError {
  override name = 'HostKeyRevokedError';

  constructor(readonly host: string, readonly port: number, readonly fingerprint: string) {
    super(`host key of ${where(host, port)} (${fingerprint}) is revoked in known_hosts; ` +
      'refusing to connect');
  }
}

/** Why a host could not be reached. */
export type UnreachableReason = 'dns' | 'refused' | 'timeout' | 'network' | 'closed';

const REASON_TEXT: Record<UnreachableReason, string> = {
  dns: 'the name does not resolve (DNS)',
  refused: 'the connection was refused',
  timeout: 'no answer within the connect timeout',
  network: 'the network path failed',
  closed: 'the server closed the connection during the handshake',
};

/** DNS, TCP or handshake failure before authentication. */
export class SshUnreachableError extends SshError {
  override name = 'SshUnreachableError';

  constructor(
    readonly host: string, readonly port: number,
    readonly reason: UnreachableReason, readonly detail: string,
  ) {
    super(`cannot reach ${host}:${port} over SSH: ${REASON_TEXT[reason]} (${detail}); ` +
      'check ssh.host and ssh.port and that sshd is running');
  }
}

/** The server refused every authentication method tried. */
export class SshAuthError extends SshError {
  override name = 'SshAuthError';

  constructor(
    readonly user: string, readonly host: string, readonly port: number,
    readonly methods: string[], readonly detail = '',
  ) {
    const tried = methods.length > 0 ? methods.join(', ') : 'nothing';
    const more = detail === '' ? '' : ` (${detail})`;
    super(`SSH login as ${user} on ${host}:${port} failed${more}; tried ${tried}; ` +
      'check ssh.user, ssh.identityFile or the agent');
  }
}

/** A remote command ran past its time limit and was stopped. */
export class SshCommandTimeoutError extends SshError {
  override name = 'SshCommandTimeoutError';

  constructor(readonly host: string, readonly command: string, readonly timeoutMs: number) {
    super(`\`${command}\` on ${host} did not finish within ${timeoutMs / 1000} s and was ` +
      'stopped; try again or raise the timeout');
  }
}

/** The SSH server could not open a forwarded TCP connection to the destination. */
export class SshForwardError extends SshError {
  override name = 'SshForwardError';

  constructor(
    readonly via: string, readonly host: string, readonly port: number, readonly detail: string,
  ) {
    super(`cannot reach ${host}:${port} from ${via} (${detail}); is the service listening ` +
      'there, and does sshd allow TCP forwarding?');
  }
}
