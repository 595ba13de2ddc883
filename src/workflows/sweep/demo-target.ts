/**
 * The demo as a target: container facts and logs from DemoContainers, probes straight to
 * loopback, Docker and Compose answers as the demo declares them, and the local machine's
 * own disk and load for the host commands that make sense anywhere.
 */
import type { DemoStack } from '../../demo/stack.js';
import type { DemoContainer } from '../../demo/containers.js';
import { runLocal } from '../../services/runner.js';
import type { CommandResult, ContainerFacts, Target, TargetCall } from './target-types.js';

/** What `docker compose version` says in the demo. */
export const DEMO_COMPOSE_OUTPUT = 'Docker Compose version v2.29.7 (demo)';
export const DEMO_DOCKER_VERSION = '27.3.1 (demo)';
/** The log name the demo gives the Envoy stand-in's access log. */
export const DEMO_EDGE_LOG = 'envoy (stand-in)';

function facts(c: DemoContainer): ContainerFacts {
  return {
    name: c.name, state: c.state, running: c.state === 'running',
    restartCount: c.restartCount, startedAt: c.startedAt,
    ports: c.ports.map((p) => ({ containerPort: p.container, hostPort: p.host })),
    ip: c.internal?.host,
  };
}

function canned(argv: readonly string[]): CommandResult | undefined {
  const line = argv.join(' ');
  if (line === 'docker compose version') {
    return { code: 0, stdout: `${DEMO_COMPOSE_OUTPUT}\n`, stderr: '' };
  }

  if (argv[0] === 'docker' || argv[0] === 'docker-compose') {
    return { code: 127, stdout: '', stderr: `${argv[0]}: not part of the demo\n` };
  }

  return undefined;
}

/** Builds the demo target over a running demo stack. */
export function demoTarget(demo: DemoStack): Target {
  return {
    kind: 'demo',
    label: 'demo',
    reach: async () => 'demo stack on loopback (no SSH)',
    run: async (argv, call: TargetCall) => {
      const fixed = canned(argv);
      if (fixed) return fixed;
      const res = await runLocal(argv, { signal: call.signal, timeoutMs: call.timeoutMs });
      return { code: res.code, stdout: res.stdout, stderr: res.stderr };
    },
    dockerVersion: async () => DEMO_DOCKER_VERSION,
    dockerRootDir: async () => '/',
    container: async (name) => {
      const c = demo.containers.get(name);
      return c && facts(c);
    },
    recentLogs: async (name, tail) => demo.containers.recentLogs(name, tail),
    followLogs: (name, onLine, signal) => new Promise<void>((resolve) => {
      const off = demo.containers.onLog((from, line) => {
        if (from === name) onLine(line);
      });
      const stop = (): void => {
        off();
        resolve();
      };
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
    }),
    dispatcherFor: () => undefined,
    dialerFor: () => undefined,
    extraLogs: () => [DEMO_EDGE_LOG],
    close: async () => undefined,
  };
}
