import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEnvoyStandin, type EnvoyStandin } from '../../src/standin/envoy.js';
import { request } from '../support/http.js';

let upstream: http.Server;
let upstreamPort: number;
let standin: EnvoyStandin;
const seen: http.IncomingHttpHeaders[] = [];
const logged: string[] = [];

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { server: 'nginx' });
    res.end('hello from upstream');
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamPort = (upstream.address() as AddressInfo).port;
  standin = await startEnvoyStandin({
    control: { host: '127.0.0.1', port: 0 }, admin: { host: '127.0.0.1', port: 0 },
    edge: { host: '127.0.0.1', port: 0 }, cluster: '_ai_unified_server',
    endpoint: { address: '127.0.0.1', port: upstreamPort }, accessLog: (l) => logged.push(l),
  });
});

afterAll(async () => {
  await standin.stop();
  await new Promise((r) => upstream.close(r));
});

function clusterBody(port: number): string {
  return JSON.stringify({
    name: '_ai_unified_server',
    load_assignment: { endpoints: [{ lb_endpoints: [{ endpoint: { address: {
      socket_address: { address: '127.0.0.1', port_value: port } } } }] }] },
  });
}

/** POSTs a cluster (a body, or the default cluster pointed at `port`) to the control plane. */
function postCluster(body: string | number) {
  return request(`${standin.controlUrl}/add-cluster`, {
    method: 'POST', body: typeof body === 'number' ? clusterBody(body) : body,
  });
}

describe('Envoy stand-in', () => {
  it('serves a v3 cluster from the control plane', async () => {
    const reply = await request(`${standin.controlUrl}/get-cluster?name=_ai_unified_server`);
    expect(reply.status).toBe(200);
    const cluster = JSON.parse(reply.body);
    const sock = cluster.loadAssignment.endpoints[0].lbEndpoints[0].endpoint.address.socketAddress;
    expect(sock).toEqual({ address: '127.0.0.1', portValue: upstreamPort });
    expect((await request(`${standin.controlUrl}/get-cluster?name=nope`)).status).toBe(404);
  });

  it('forwards edge requests with the scheme and answers as envoy', async () => {
    const reply = await request(`${standin.edgeUrl}/x`);
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('hello from upstream');
    expect(reply.headers.server).toBe('envoy');
    expect(seen.at(-1)?.['x-forwarded-proto']).toBe('http');
    expect(logged.at(-1)).toContain('"GET /x HTTP/1.1" 200');
  });

  it('answers 503 from envoy when the cluster points at a closed port, then recovers', async () => {
    const post = await postCluster(1);
    expect(post.status).toBe(200);
    const broken = await request(`${standin.edgeUrl}/`);
    expect(broken.status).toBe(503);
    expect(broken.headers.server).toBe('envoy');
    expect(broken.body).toContain('upstream connect error');
    const stats = await request(`${standin.adminUrl}/stats`);
    expect(stats.body).toMatch(/cluster\._ai_unified_server\.upstream_cx_connect_fail: [1-9]/);
    await postCluster(upstreamPort);
    expect((await request(`${standin.edgeUrl}/`)).status).toBe(200);
  });

  it('reports clusters in Envoy\'s JSON shape: snake_case, string counters, zeros omitted',
    async () => {
    const reply = await request(`${standin.adminUrl}/clusters?format=json`);
    const body = JSON.parse(reply.body);
    const host = body.cluster_statuses[0].host_statuses[0];
    expect(host.address.socket_address.port_value).toBe(upstreamPort);
    const rqTotal = host.stats.find((s: { name: string }) => s.name === 'rq_total');
    expect(typeof rqTotal.value).toBe('string');
    const timeout = host.stats.find((s: { name: string }) => s.name === 'rq_timeout');
    expect(timeout).toEqual({ name: 'rq_timeout' });
    expect((await request(`${standin.adminUrl}/ready`)).body).toBe('LIVE\n');
  });

  it('refuses a malformed cluster naming the field', async () => {
    const reply = await request(`${standin.controlUrl}/add-cluster`, {
      method: 'POST', body: JSON.stringify({ name: 'x', loadAssignment: { endpoints: [] } }),
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error).toContain('loadAssignment.endpoints');
    const garbage = await postCluster('{nope');
    expect(garbage.status).toBe(400);
  });

  it('can keep routing to the old endpoint after accepting a POST (frozen)', async () => {
    standin.freezeRouting(true);
    try {
      await postCluster(1);
      const url = `${standin.controlUrl}/get-cluster?name=_ai_unified_server`;
      const cluster = JSON.parse((await request(url)).body);
      const ep = cluster.loadAssignment.endpoints[0].lbEndpoints[0].endpoint;
      expect(ep.address.socketAddress.portValue).toBe(1);
      expect((await request(`${standin.edgeUrl}/`)).status).toBe(200);
    } finally {
      standin.freezeRouting(false);
      await postCluster(upstreamPort);
    }
  });
});
