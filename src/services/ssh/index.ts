/** The SSH layer: resolve a target, connect once with verified host keys, run commands. */
export {
  SshConnection, sshPool, nonInteractiveHostPolicy,
  type SshConnectionOptions, type ExecOptions, type ExecResult,
  type UnknownHostHandler, type UnknownHostInfo,
} from './connection.js';
export {
  HostKeyChangedError, HostKeyRevokedError, HostKeyUnknownError, SshAuthError,
  SshCommandTimeoutError, SshError, SshForwardError, SshUnreachableError, type UnreachableReason,
} from './errors.js';
export {
  resolveTarget, loadTarget, readSshConfig, lookupSshConfig, type SshTarget,
} from './ssh-config.js';
export { buildSshArgs, buildSshOptions, sshCommandString } from './ssh-args.js';
export {
  appendKnownHost, fingerprintSha256, lookupHostKeys, verifyHostKey, type HostKeyVerdict,
} from './known-hosts.js';
