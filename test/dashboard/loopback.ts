/** Small loopback servers for probe tests: scripted HTTP, raw bytes, and one that never answers. */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/** A running loopback server and how to stop it. */
export interface Loopback {
  url: string;
  port: number;
  stop(): Promise<void>;
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    if ('closeAllConnections' in server) (server as http.Server).closeAllConnections();
    server.close(() => resolve());
  });
}

async function listen(server: net.Server, scheme = 'http'): Promise<Loopback> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${scheme}://127.0.0.1:${port}`, port,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await closeServer(server);
    },
  };
}

/** An HTTP server answering with `handler`. */
export function httpServer(handler: http.RequestListener): Promise<Loopback> {
  return listen(http.createServer(handler));
}

/** A TCP server that writes `bytes` to every connection and closes it. */
export function rawServer(bytes: string): Promise<Loopback> {
  return listen(net.createServer((s) => {
    s.on('error', () => undefined);
    s.once('data', () => s.end(bytes));
  }));
}

/** A TCP server that accepts connections and never says a word. */
export function silentServer(): Promise<Loopback> {
  return listen(net.createServer((s) => s.on('error', () => undefined)));
}

/** A port with nothing listening on it (closed right after binding). */
export async function deadPort(): Promise<number> {
  const lb = await listen(net.createServer());
  await lb.stop();
  return lb.port;
}
