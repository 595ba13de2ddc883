/** The Deploy tab's one key table, by what the tab shows. */
import type { KeyBinding, KeyLayer } from '../../ui/keys.js';
import type { DeployPhase } from '../../state/deploy.js';
import type { DeployActions } from '../../workflows/deploy/controller.js';

/** What the key table depends on. */
export interface DeployKeyState {
  phase: DeployPhase;
  production: boolean;
  environment: string;
  typed: string;
  releases: string[];
  cursor: number;
  rollbackId?: string;
  staleLock?: string;
}

/** Callbacks for the screen's own state. */
export interface DeployKeyUi {
  /** Takes an updater, because keys can arrive before the table is rebuilt. */
  setTyped: (update: (text: string) => string) => void;
  setCursor: (n: number) => void;
  setRollbackId: (id: string | undefined) => void;
}

function idleBindings(s: DeployKeyState, a: DeployActions, ui: DeployKeyUi): KeyBinding[] {
  const pick = s.releases[s.cursor];
  return [
    { keys: ['d'], label: 'deploy', help: 'plan a release of the workspace (asks first)',
      dangerous: true, run: () => a.start() },
    { keys: ['r'], label: 'refresh', help: 'list the releases kept on the host',
      run: () => a.refresh() },
    { keys: ['up', 'k'], label: 'up', hidden: true,
      run: () => ui.setCursor(Math.max(0, s.cursor - 1)) },
    { keys: ['down', 'j'], label: 'down', hidden: true,
      run: () => ui.setCursor(Math.min(s.releases.length - 1, s.cursor + 1)) },
    { keys: ['b'], label: 'rollback', help: 'roll back to the selected release',
      dangerous: true, run: () => pick && ui.setRollbackId(pick) },
  ];
}

/** Builds the layer for the current state. */
export function deployKeyLayer(s: DeployKeyState, a: DeployActions, ui: DeployKeyUi): KeyLayer {
  if (s.rollbackId) {
    const id = s.rollbackId;
    return { id: 'deploy', modal: true, bindings: [
      { keys: ['y'], label: 'roll back', dangerous: true, run: () => {
        ui.setRollbackId(undefined);
        a.rollback(id);
      } },
      { keys: ['escape', 'n'], label: 'stop', run: () => ui.setRollbackId(undefined) },
    ] };
  }

  if (s.staleLock) {
    return { id: 'deploy', modal: true, bindings: [
      { keys: ['y'], label: 'break the lock', dangerous: true, run: () => a.breakLock(true) },
      { keys: ['escape', 'n'], label: 'leave it', run: () => a.breakLock(false) },
    ] };
  }

  if (s.phase === 'confirm') {
    const typedOk = !s.production || s.typed === s.environment;
    return {
      id: 'deploy', modal: true,
      onText: s.production ? (input, name) => {
        if (name === 'backspace') ui.setTyped((t) => t.slice(0, -1));
        else if (input.length === 1 && name === input && input >= ' ') {
          ui.setTyped((t) => t + input);
        }
        else return false;
        return true;
      } : undefined,
      bindings: [
        { keys: ['return'], label: 'release', dangerous: true, run: () => {
          if (typedOk) a.confirm(true);
        } },
        { keys: ['escape'], label: 'stop', run: () => a.confirm(false) },
      ],
    };
  }

  if (s.phase === 'planning' || s.phase === 'running') {
    return { id: 'deploy', bindings: [
      { keys: ['x'], label: 'cancel', help: 'stop the release (the previous one keeps serving)',
        run: () => a.cancel() },
    ] };
  }

  return { id: 'deploy', bindings: idleBindings(s, a, ui) };
}
