/**
 * The Envoy stand-in: Envoy has no binary on the machines this project is built on, so the
 * demo and the lab run this instead. It is named as a stand-in wherever it appears. It serves
 * three listeners: the HTTP control plane that production drives (`GET /get-cluster?name=`,
 * `POST /add-cluster`), Envoy's admin API, and the edge listener that forwards to the routed
 * cluster's endpoint.
 */
import http, { type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { appendFileSync } from 'node:fs';
import { StandinState } from './state.js';
import { ClusterShapeError, type Endpoint } from './cluster.js';
import { handleAdmin } from './admin.js';
import { handleEdgeRequest, handleEdgeUpgrade, type AccessLogger } from './edge.js';

export interface ListenAddress {
  host: string;
  /** 0 picks a free port. */
  port: number;
}

export interface EnvoyStandinOptions {
  control: ListenAddress;
  admin: ListenAddress;
  edge: ListenAddress;
  /** PEM certificate and key; when given the edge speaks HTTPS. */
  tls?: { cert: string; key: string };
  cluster: string;
  endpoint: Endpoint;
  stateFile?: string;
  /** A file to append access-log lines to, or a function to receive them. */
  accessLog?: string | AccessLogger;
}

/** A running stand-in. */
export interface EnvoyStandin {
  controlUrl: string;
  adminUrl: string;
  edgeUrl: string;
  state: StandinState;
  /**
   * Keep routing to the current endpoint whatever is posted later, so a test can see a
   * POST accepted but never applied. Pass false to follow the control plane again.
   */
  freezeRouting(on: boolean): void;
  stop(): Promise<void>;
}

const MAX_BODY = 1 << 20;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new ClusterShapeError('body larger than 1 MiB'));
        req.destroy();
      } else {
        chunks.push(c);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body, null, 2));
}

async function handleControl(state: StandinState, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://control');
  if (req.method === 'GET' && url.pathname === '/get-cluster') {
    const name = url.searchParams.get('name') ?? '';
    const cluster = state.clusters.get(name);
    if (!cluster) return sendJson(res, 404, { error: `cluster ${name} not found` });
    return sendJson(res, 200, cluster);
  }

  if (req.method === 'POST' && url.pathname === '/add-cluster') {
    try {
      const cluster = state.upsert(JSON.parse(await readBody(req)));
      return sendJson(res, 200, { status: 'ok', name: cluster.name });
    } catch (err) {
      const message = err instanceof ClusterShapeError ? err.message : 'body is not valid JSON';
      return sendJson(res, 400, { error: message });
    }
  }

  return sendJson(res, 404, {
    error: 'unknown path; try GET /get-cluster?name= or POST /add-cluster',
  });
}

function listen(server: Server, at: ListenAddress): Promise<AddressInfo> {
  // Upgraded connections leave http's bookkeeping; track them all so stop() is immediate.
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  openSockets.set(server, open);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

const openSockets = new WeakMap<Server, Set<Socket>>();

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of openSockets.get(server) ?? []) socket.destroy();
  });
}

function makeLogger(target: EnvoyStandinOptions['accessLog']): AccessLogger {
  if (typeof target === 'function') return target;
  if (typeof target === 'string') return (line) => appendFileSync(target, line + '\n');
  return () => undefined;
}

function hostOf(a: AddressInfo): string {
  return a.family === 'IPv6' ? `[${a.address}]` : a.address;
}

/** Starts the three listeners and resolves once all accept connections. */
export async function startEnvoyStandin(opts: EnvoyStandinOptions): Promise<EnvoyStandin> {
  const state = new StandinState({
    cluster: opts.cluster, endpoint: opts.endpoint, stateFile: opts.stateFile,
  });
  const ctx = { state, tls: opts.tls !== undefined, log: makeLogger(opts.accessLog) };

  const control = http.createServer((req, res) => void handleControl(state, req, res));
  const admin = http.createServer((req, res) => handleAdmin(state, opts.tls?.cert, req, res));
  const edge = opts.tls
    ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key })
    : http.createServer();
  edge.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handleEdgeRequest(ctx, req, res);
  });
  edge.on('upgrade', (req, socket, head) => handleEdgeUpgrade(ctx, req, socket, head));

  const servers = [control, admin, edge];
  try {
    const [c, a, e] = await Promise.all([
      listen(control, opts.control), listen(admin, opts.admin), listen(edge, opts.edge),
    ]);
    const scheme = opts.tls ? 'https' : 'http';
    return {
      controlUrl: `http://${hostOf(c!)}:${c!.port}`,
      adminUrl: `http://${hostOf(a!)}:${a!.port}`,
      edgeUrl: `${scheme}://${hostOf(e!)}:${e!.port}`,
      state,
      freezeRouting(on) {
        state.frozenEndpoint = on ? state.routedEndpoint() : undefined;
      },
      async stop() {
        await Promise.all(servers.map(close));
      },
    };
  } catch (err) {
    await Promise.all(servers.filter((s) => s.listening).map(close));
    throw err;
  }
}
