/** Opening a deploy: the target, the shared SSH connection, the redactor and the layout. */
import type { Config } from '../../config/schema.js';
import {
  nonInteractiveHostPolicy, sshPool, type UnknownHostHandler,
} from '../../services/ssh/connection.js';
import { loadTarget } from '../../services/ssh/ssh-config.js';
import {
  deployRedactor, layoutFor, localOperator, type DeployContext,
} from './context.js';
import type { DeploySink } from './types.js';

/** How to open a deploy. */
export interface OpenOptions {
  sink: DeploySink;
  signal: AbortSignal;
  configFile?: string;
  /** Trust an unknown host key without asking (non-interactive runs). */
  acceptNewHostKey?: boolean;
  /** Asks the user about an unknown host key (the console); wins over acceptNewHostKey. */
  onUnknownHost?: UnknownHostHandler;
  historyFile?: string;
}

/** Builds the context every step uses. The connection opens on first use. */
export async function openDeployContext(config: Config, opts: OpenOptions):
  Promise<DeployContext> {
  const target = await loadTarget(config.ssh);
  const conn = sshPool.get(target, {
    onUnknownHost: opts.onUnknownHost ?? nonInteractiveHostPolicy(!!opts.acceptNewHostKey),
  });
  return {
    config, conn, target, layout: layoutFor(config),
    redactor: await deployRedactor(config, opts.configFile),
    sink: opts.sink, signal: opts.signal, operator: localOperator(),
    historyFile: opts.historyFile,
  };
}
