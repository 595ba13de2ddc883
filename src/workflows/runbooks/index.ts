/** The troubleshooting runbooks: model, catalogue, runner and how to open a context. */
export * from './model.js';
export { ALL_CODES, LIVE_CODES, allCodeRows, liveFinding, type LiveCode } from './codes.js';
export {
  RUNBOOKS, allFindings, runAll, runRunbook, runbookById, type RunOptions,
} from './runner.js';
export { defaultBackupDir, openTroubleshoot, type ContextSource } from './context.js';
export type { TroubleshootHost, HostContainer, HostExec } from './host.js';
