/**
 * The demo stack: the Envoy stand-in, a gateway and a backend, all in this process on
 * loopback, shaped like production so the console runs through the same service code. The
 * backend listens on 127.0.0.2, as a container's port would sit on its own network: reachable
 * by the gateway, refused on the gateway's address, exactly like an unpublished port.
 */
import type http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { startEnvoyStandin, type EnvoyStandin } from '../standin/envoy.js';
import { makeCluster } from '../standin/cluster.js';
import type { Config } from '../config/schema.js';
import { createDemoBackend } from './backend.js';
import { createDemoGateway, type GatewayBehaviour } from './gateway.js';
import { DemoContainers } from './containers.js';

import type { DemoFault } from './faults.js';

export { DEMO_FAULTS, DEMO_FAULT_SUMMARY, type DemoFault } from './faults.js';

const GATEWAY_HOST = '127.0.0.1';
const BACKEND_HOST = '127.0.0.2';
const VERSION = 'demo-1';

export interface DemoStack {
  config: Config;
  standin: EnvoyStandin;
  containers: DemoContainers;
  faults(): Record<DemoFault, boolean>;
  setFault(name: DemoFault, on: boolean): Promise<void>;
  stop(): Promise<void>;
}

const sockets = new WeakMap<http.Server | net.Server, Set<net.Socket>>();

function listen(server: http.Server | net.Server, host: string, port: number): Promise<number> {
  // Upgraded WebSocket connections leave http's own bookkeeping, so track every socket to be
  // able to stop a server the way stopping its container would: at once.
  const open = new Set<net.Socket>();
  sockets.set(server, open);
  server.on('connection', (socket: net.Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: http.Server | net.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    for (const socket of sockets.get(server) ?? []) socket.destroy();
  });
}

/**
 * The demo's config, written out in full rather than parsed so that the demo starts without
 * loading the schema; a test checks it equals what the schema would make of it.
 */
export function demoConfig(edge: { control: string; admin: string; public: string },
  gatewayPort: number, backendPort: number): Config {
  return {
    environment: 'demo',
    production: false,
    edge: {
      controlPlaneUrl: edge.control, adminUrl: edge.admin, publicUrl: edge.public,
      cluster: '_ai_unified_server',
    },
    gateway: {
      host: GATEWAY_HOST, port: gatewayPort, container: 'ai_unified_frontend', service: 'frontend',
    },
    backend: {
      container: 'ai_hub_service', service: 'backend', port: backendPort,
      healthPath: '/api/v1/health', loginPath: '/api/v1/auth/login', wsPath: '/api/v1/ws',
    },
    ssh: {
      host: 'demo', port: 22, agent: false, knownHostsFile: '~/.ssh/known_hosts',
      connectTimeout: 10,
    },
    project: {
      workspace: '.', remoteDir: '/srv/demo/cortex-hub', composeFile: 'docker-compose.yml',
      projectName: 'cortex-hub', excludes: ['.git', 'node_modules', '__pycache__'],
      protect: ['.env', 'data'], keepReleases: 5,
    },
    dashboard: { refreshSeconds: 2, probeTimeout: 5 },
  };
}

/** Starts the demo stack on free loopback ports. */
export async function startDemoStack(): Promise<DemoStack> {
  const containers = new DemoContainers();
  const behaviour: GatewayBehaviour = { schemeFromConnection: false, upgradeBroken: false };
  const backend = createDemoBackend({
    healthPath: '/api/v1/health', loginPath: '/api/v1/auth/login', wsPath: '/api/v1/ws',
    version: VERSION, log: (l) => containers.log('ai_hub_service', l),
  });
  const backendPort = await listen(backend, BACKEND_HOST, 0);
  const gatewayOpts = {
    backend: () => ({ host: BACKEND_HOST, port: backendPort }), behaviour, version: VERSION,
    log: (l: string) => containers.log('ai_unified_frontend', l),
  };
  let gateway = createDemoGateway(gatewayOpts);
  const gatewayPort = await listen(gateway, GATEWAY_HOST, 0);
  const standin = await startEnvoyStandin({
    control: { host: '127.0.0.1', port: 0 }, admin: { host: '127.0.0.1', port: 0 },
    edge: { host: '127.0.0.1', port: 0 }, cluster: '_ai_unified_server',
    endpoint: { address: GATEWAY_HOST, port: gatewayPort },
    accessLog: (l) => containers.log('envoy (stand-in)', l),
  });
  containers.boot(gatewayPort, backendPort, BACKEND_HOST);

  const on: Record<DemoFault, boolean> = {
    'oidc-scheme': false, 'ws-upgrade': false, 'port-collision': false, 'cluster-port': false,
  };
  let squatter: http.Server | undefined;

  const apply: Record<DemoFault, (enable: boolean) => Promise<void>> = {
    'oidc-scheme': async (enable) => {
      behaviour.schemeFromConnection = enable;
    },
    'ws-upgrade': async (enable) => {
      behaviour.upgradeBroken = enable;
    },
    'cluster-port': async (enable) => {
      const port = enable ? backendPort : gatewayPort;
      standin.state.upsert(makeCluster('_ai_unified_server', { address: GATEWAY_HOST, port }));
    },
    'port-collision': async (enable) => {
      if (enable) {
        await close(gateway);
        squatter = containers.squatterServer();
        await listen(squatter, GATEWAY_HOST, gatewayPort);
        containers.collide(gatewayPort);
      } else {
        if (squatter) await close(squatter);
        squatter = undefined;
        gateway = createDemoGateway(gatewayOpts);
        await listen(gateway, GATEWAY_HOST, gatewayPort);
        containers.restore();
      }
    },
  };

  return {
    config: demoConfig({ control: standin.controlUrl, admin: standin.adminUrl,
      public: standin.edgeUrl }, gatewayPort, backendPort),
    standin,
    containers,
    faults: () => ({ ...on }),
    async setFault(name, enable) {
      if (on[name] === enable) return;
      await apply[name](enable);
      on[name] = enable;
    },
    async stop() {
      await Promise.all([close(backend), close(gateway), standin.stop(),
        squatter ? close(squatter) : Promise.resolve()]);
    },
  };
}
