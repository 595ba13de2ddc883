/**
 * Every check's id, pane and label in display order, without the code that runs them, so the
 * dashboard can lay out its panes before the sweep code (and its network clients) is loaded.
 * A test keeps this in step with ALL_CHECKS.
 */
import type { PaneId } from './types.js';

/** One check as listed. */
export interface CheckEntry {
  id: string;
  pane: PaneId;
  label: string;
}

export const CHECK_CATALOGUE: readonly CheckEntry[] = [
  { id: 'edge.control', pane: 'edge', label: 'control plane' },
  { id: 'edge.ready', pane: 'edge', label: 'admin ready' },
  { id: 'edge.endpoint', pane: 'edge', label: 'endpoint' },
  { id: 'edge.errors', pane: 'edge', label: 'errors' },
  { id: 'edge.cert', pane: 'edge', label: 'certificate' },
  { id: 'edge.public', pane: 'edge', label: 'public URL' },
  { id: 'edge.drift', pane: 'edge', label: 'drift' },
  { id: 'gateway.container', pane: 'gateway', label: 'container' },
  { id: 'gateway.root', pane: 'gateway', label: 'GET /' },
  { id: 'gateway.health', pane: 'gateway', label: 'API health' },
  { id: 'gateway.ws', pane: 'gateway', label: 'WebSocket' },
  { id: 'gateway.login', pane: 'gateway', label: 'login scheme' },
  { id: 'backend.container', pane: 'backend', label: 'container' },
  { id: 'backend.direct', pane: 'backend', label: 'direct health' },
  { id: 'backend.startup', pane: 'backend', label: 'startup' },
  { id: 'host.ssh', pane: 'host', label: 'SSH' },
  { id: 'host.docker', pane: 'host', label: 'Docker' },
  { id: 'host.compose', pane: 'host', label: 'Compose' },
  { id: 'host.disk', pane: 'host', label: 'disk' },
  { id: 'host.load', pane: 'host', label: 'load' },
];
