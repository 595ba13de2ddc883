/**
 * The documented pitfalls the demo stack can switch on. Kept apart from the stack so that the
 * command line can check a fault's name without loading the stack's servers.
 */
export const DEMO_FAULTS = ['oidc-scheme', 'ws-upgrade', 'port-collision', 'cluster-port'] as const;
export type DemoFault = (typeof DEMO_FAULTS)[number];

/** What each fault does, in the words of the deployment reference's pitfalls. */
export const DEMO_FAULT_SUMMARY: Record<DemoFault, string> = {
  'oidc-scheme': 'nginx sets X-Forwarded-Proto from $scheme; login redirects flip to http',
  'ws-upgrade': 'the upgrade map is broken; WebSocket handshakes are refused',
  'port-collision': 'another container holds the gateway port; the gateway cannot start',
  'cluster-port': 'the Envoy cluster points at the backend port instead of the gateway port',
};
