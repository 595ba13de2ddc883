/**
 * The console's session as screens see it: registered by the console command before the
 * first frame. Until it is registered screens probe nothing, so a console rendered in a test
 * never reaches out to the hosts in its config. Kept apart from target.ts so that reading it
 * loads no SSH or Docker code.
 */
import type { DemoStack } from '../../demo/stack.js';

/** The part of a session a target needs. */
export interface TargetSession {
  demo?: DemoStack;
}

let consoleSession: TargetSession | undefined;

/** Registers (or, with undefined, forgets) the console's session. */
export function setConsoleSession(session: TargetSession | undefined): void {
  consoleSession = session;
}

/** The registered console session, if any. */
export function getConsoleSession(): TargetSession | undefined {
  return consoleSession;
}
