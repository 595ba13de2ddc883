/** rsync's exit codes in words, and the typed error a failed sync becomes. */

const WORDS: Record<number, string> = {
  1: 'syntax or usage error (a bug in the arguments cortex-ops built)',
  2: 'protocol incompatibility between the local and remote rsync',
  3: 'errors selecting input/output files or directories',
  4: 'an action is not supported by the remote rsync',
  5: 'error starting the client-server protocol',
  10: 'error in socket I/O',
  11: 'error in file I/O (disk full or permissions on the host?)',
  12: 'error in the rsync protocol data stream (the connection broke or the remote ' +
    'rsync died; is rsync installed on the host?)',
  13: 'errors with program diagnostics',
  14: 'error in IPC code',
  20: 'interrupted (a signal stopped rsync)',
  21: 'some error returned by waitpid()',
  22: 'error allocating core memory buffers',
  23: 'partial transfer due to error: some files could not be copied (permissions or ' +
    'disk space); the release is incomplete',
  24: 'partial transfer because source files vanished while copying (something changed ' +
    'the workspace during the sync); run the release again',
  25: 'the --max-delete limit stopped deletions',
  30: 'timeout in data send/receive',
  35: 'timeout waiting for the daemon connection',
  127: 'rsync was not found on the host (install it there)',
  255: 'ssh failed, not rsync: the connection could not be made or was cut ' +
    '(check the host, the key and known_hosts)',
};

/** What an rsync exit code means, in words. */
export function rsyncExitWords(code: number): string {
  return WORDS[code] ?? `unknown rsync exit code ${code}`;
}

/** A sync that did not complete; `message` says why in one line. */
export class RsyncError extends Error {
  override name = 'RsyncError';
  readonly userFacing = true;

  constructor(readonly code: number | null, readonly stderrTail: string) {
    const words = code === null ? 'rsync was stopped by a signal' : rsyncExitWords(code);
    const last = stderrTail.trim().split('\n').filter(Boolean).pop();
    super(`rsync failed (exit ${code ?? 'signal'}): ${words}` + (last ? ` [${last}]` : ''));
  }
}
