/** Docker failures a user can fix, each with a one-line message. */

/** The base of every Docker error a user can act on. */
export class DockerError extends Error {
  override name = 'DockerError';
}

/** What the host's stderr says, turned into advice. */
function explain(stderr: string, code: number | null): string {
  const text = stderr.trim().split('\n')[0] ?? '';
  if (code === 127 || /command not found|not found: docker/i.test(stderr)) {
    return 'the docker CLI is not installed on the host (it provides `docker system dial-stdio`)';
  }

  if (/permission denied/i.test(stderr)) {
    return `${text}: add the SSH user to the docker group`;
  }

  if (/Cannot connect to the Docker daemon|no such file or directory|connection refused/i
    .test(stderr)) {
    return `${text}: is dockerd running, and is DOCKER_HOST set for non-interactive SSH ` +
      'sessions (sshd SetEnv or ~/.ssh/environment)?';
  }

  if (text !== '') return text;
  return `docker system dial-stdio exited with ${code ?? 'a signal'} and said nothing`;
}

/** The Docker API on the host could not be reached through SSH. */
export class DockerUnreachableError extends DockerError {
  override name = 'DockerUnreachableError';

  constructor(readonly host: string, readonly detail: string) {
    super(`cannot reach Docker on ${host}: ${detail}`);
  }

  /** From dial-stdio's stderr and exit code. */
  static fromDialStdio(host: string, stderr: string, code: number | null): DockerUnreachableError {
    return new DockerUnreachableError(host, explain(stderr, code));
  }

  /**
   * For the bare `socket hang up` Node reports when the daemon side closed without an
   * answer, which is what a session that does not know DOCKER_HOST looks like.
   */
  static fromHangUp(host: string): DockerUnreachableError {
    return new DockerUnreachableError(host, 'the connection closed without an answer; ' +
      'check that `docker info` works in a non-interactive SSH session (DOCKER_HOST set ' +
      'by sshd SetEnv or ~/.ssh/environment)');
  }
}

/** No container by that name or id. */
export class ContainerNotFoundError extends DockerError {
  override name = 'ContainerNotFoundError';

  constructor(readonly host: string, readonly container: string) {
    super(`no container named ${container} on ${host}; check the name with \`docker ps -a\``);
  }
}

/** A Docker API call did not answer in time. */
export class DockerTimeoutError extends DockerError {
  override name = 'DockerTimeoutError';

  constructor(readonly host: string, readonly what: string, readonly timeoutMs: number) {
    super(`Docker on ${host} did not answer ${what} within ${timeoutMs / 1000} s; ` +
      'the host or dockerd may be overloaded');
  }
}
