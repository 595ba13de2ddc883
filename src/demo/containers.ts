/**
 * The demo's picture of its "containers": state, ports, restarts and recent log lines, as
 * Docker would report them for the real stack.
 */
import http from 'node:http';

export interface DemoContainer {
  name: string;
  service: string;
  image: string;
  state: 'running' | 'created' | 'exited';
  startedAt: number;
  restartCount: number;
  /** Host port published to container port. */
  ports: { host: number; container: number }[];
  /** The address and port the container listens on inside its network. */
  internal?: { host: string; port: number };
}

const MAX_LOG_LINES = 500;

export class DemoContainers {
  private readonly items = new Map<string, DemoContainer>();
  private readonly logs = new Map<string, string[]>();
  private readonly listeners = new Set<(name: string, line: string) => void>();

  boot(gatewayPort: number, backendPort: number, backendHost: string): void {
    const now = Date.now();
    this.items.set('ai_unified_frontend', {
      name: 'ai_unified_frontend', service: 'frontend', image: 'cortex-hub_frontend:demo',
      state: 'running', startedAt: now, restartCount: 0,
      ports: [{ host: gatewayPort, container: 80 }],
    });
    this.items.set('ai_hub_service', {
      name: 'ai_hub_service', service: 'backend', image: 'cortex-hub_backend:demo',
      state: 'running', startedAt: now, restartCount: 0, ports: [],
      internal: { host: backendHost, port: backendPort },
    });
    this.log('ai_hub_service', 'INFO:     Started server process [1]');
    this.log('ai_hub_service', 'INFO:     migration 001_init applied');
    this.log('ai_hub_service', 'INFO:     Application startup complete.');
    this.log('ai_unified_frontend', 'nginx: start worker processes');
  }

  /** The squatter container takes the gateway's port; the gateway fails to start. */
  collide(port: number): void {
    const gw = this.items.get('ai_unified_frontend');
    if (gw) gw.state = 'created';
    this.items.set('python3_11', {
      name: 'python3_11', service: '', image: 'python:3.11', state: 'running',
      startedAt: Date.now(), restartCount: 0, ports: [{ host: port, container: port }],
    });
    this.log('ai_unified_frontend', 'Error response from daemon: driver failed programming ' +
      `external connectivity: Bind for 0.0.0.0:${port} failed: port is already allocated`);
  }

  restore(): void {
    this.items.delete('python3_11');
    const gw = this.items.get('ai_unified_frontend');
    if (gw) {
      gw.state = 'running';
      gw.startedAt = Date.now();
      gw.restartCount += 1;
    }
  }

  /** A server that answers like some unrelated app holding the port. */
  squatterServer(): http.Server {
    return http.createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain', server: 'SimpleHTTP/0.6 Python/3.11' });
      res.end('not the gateway\n');
    });
  }

  list(): DemoContainer[] {
    return [...this.items.values()].map((c) => ({ ...c, ports: [...c.ports] }));
  }

  get(name: string): DemoContainer | undefined {
    const c = this.items.get(name);
    return c && { ...c };
  }

  log(name: string, line: string): void {
    let buf = this.logs.get(name);
    if (!buf) {
      buf = [];
      this.logs.set(name, buf);
    }

    buf.push(line);
    if (buf.length > MAX_LOG_LINES) buf.splice(0, buf.length - MAX_LOG_LINES);
    for (const fn of this.listeners) fn(name, line);
  }

  recentLogs(name: string, tail = 100): string[] {
    return (this.logs.get(name) ?? []).slice(-tail);
  }

  onLog(fn: (name: string, line: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
