/**
 * The demo's Docker host: containers and logs from the demo stack's own picture, and the
 * stack's files as the demo would have deployed them, with the nginx pitfalls written in
 * while their faults are on, so the static checks see what the live ones do.
 */
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { DemoStack } from '../../demo/stack.js';
import type { HostContainer, HostExec, TroubleshootHost } from './host.js';

const NGINX = `map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
}

server {
    listen 80;
    server_name _;
    root /usr/share/nginx/html;

    location / {
        try_files $uri /index.html;
    }

    location /api/v1/ {
        proxy_pass http://ai_hub_service:8000;
        proxy_http_version 1.1;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
    }
}
`;

const DOCKERFILE = `FROM python:3.11-slim
WORKDIR /srv/ai-hub
COPY app/ai-hub/app ./app
EXPOSE 8000
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers", \\
     "--forwarded-allow-ips", "*"]
`;

function compose(gatewayPort: number): string {
  return `version: "3.8"
services:
  backend:
    build:
      context: .
      dockerfile: app/ai-hub/Dockerfile
    container_name: ai_hub_service
    expose:
      - "8000"
  frontend:
    build:
      context: .
      dockerfile: app/frontend/Dockerfile
    container_name: ai_unified_frontend
    ports:
      - "${gatewayPort}:80"
`;
}

/** The demo's nginx.conf with the faults that are on written in, as on a real host. */
export function demoNginxConf(faults: Record<string, boolean>): string {
  let text = NGINX;
  if (faults['oidc-scheme']) {
    text = text.replace('X-Forwarded-Proto $http_x_forwarded_proto', 'X-Forwarded-Proto $scheme');
  }

  if (faults['ws-upgrade']) {
    text = text.replace('Connection $connection_upgrade', 'Connection "close"');
  }

  return text;
}

function composeLabels(service: string): Record<string, string> {
  return { 'com.docker.compose.project': 'cortex-hub', 'com.docker.compose.service': service };
}

function ok(stdout: string, stderr = ''): HostExec {
  return { code: 0, stdout, stderr };
}

/** A TroubleshootHost over the demo stack. */
export class DemoHost implements TroubleshootHost {
  readonly label = 'demo';

  constructor(private readonly demo: DemoStack) {}

  async readFile(path: string): Promise<string | undefined> {
    const root = this.demo.config.project.remoteDir;
    if (!path.startsWith(`${root}/`)) return undefined;
    if (path.endsWith('/nginx.conf')) return demoNginxConf(this.demo.faults());
    if (path.endsWith('/docker-compose.yml')) return compose(this.demo.config.gateway.port);
    if (path.endsWith('/app/ai-hub/Dockerfile')) return DOCKERFILE;
    return undefined;
  }

  async exec(argv: readonly string[]): Promise<HostExec> {
    const line = argv.join(' ');
    const gw = this.demo.containers.get(this.demo.config.gateway.container);
    const up = gw?.state === 'running';
    if (/^docker exec \S+ nginx -t$/.test(line)) {
      const stderr = `Error: container ${gw?.name} is not running`;
      if (!up) return { code: 1, stdout: '', stderr };
      return ok('', 'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n' +
        'nginx: configuration file /etc/nginx/nginx.conf test is successful\n');
    }

    if (/^docker exec \S+ nginx -T$/.test(line) && up) {
      return ok(`# configuration file /etc/nginx/conf.d/nginx.conf:\n${
        demoNginxConf(this.demo.faults())}`);
    }

    if (line === 'ss -Htlnp') return ok('');
    return { code: 127, stdout: '', stderr: `${argv[0]}: not available in the demo` };
  }

  async containers(): Promise<HostContainer[]> {
    return this.demo.containers.list().map((c) => ({
      name: c.name, image: c.image, state: c.state, restartCount: c.restartCount,
      ports: c.ports.map((p) => ({
        hostIp: '0.0.0.0', hostPort: p.host, containerPort: p.container,
      })),
      labels: c.service ? composeLabels(c.service) : {},
      address: c.internal?.host ?? this.demo.config.gateway.host,
    }));
  }

  async logs(name: string, tail: number): Promise<string[]> {
    return this.demo.containers.recentLogs(name, tail);
  }

  async stop(name: string): Promise<void> {
    throw new Error(`the demo cannot stop ${name}; switch the fault off with f`);
  }

  async start(name: string): Promise<void> {
    throw new Error(`the demo cannot start ${name}; switch the fault off with f`);
  }

  dial(host: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host);
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    });
  }
}
