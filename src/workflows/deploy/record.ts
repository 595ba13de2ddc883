/** Record: the audit line on the host and in the local history, redacted. */
import {
  appendLocalHistory, auditAppendArgv, auditLine, type AuditRecord,
} from '../../services/release/audit.js';
import { remote, type DeployContext } from './context.js';

/** The fields every record of this deploy shares. */
export function recordBase(ctx: DeployContext): Pick<AuditRecord, 'who' | 'from' |
  'environment'> {
  return { who: ctx.operator.user, from: ctx.operator.host, environment: ctx.config.environment };
}

/**
 * Appends the record on the host and locally. Runs even after an abort (its own time
 * limit); a failure to write the host's copy is reported, the local copy still written.
 */
export async function writeAudit(ctx: DeployContext, record: AuditRecord): Promise<void> {
  const line = auditLine(record, (s) => ctx.redactor.redact(s));
  try {
    await appendLocalHistory(line, ctx.historyFile);
  } catch (err) {
    ctx.sink.line('record', `local history not written: ${(err as Error).message}`);
  }

  await remote(ctx, 'appending to the audit log', auditAppendArgv(ctx.layout.audit), {
    timeoutMs: 15_000, stdin: line, signal: AbortSignal.timeout(20_000),
  });
}
