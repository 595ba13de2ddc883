import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../src/demo/stack.js';
import { request, wsHandshake } from '../support/http.js';

let demo: DemoStack;
let edge: string;
let gateway: string;

beforeAll(async () => {
  demo = await startDemoStack();
  edge = demo.config.edge.publicUrl;
  gateway = `http://${demo.config.gateway.host}:${demo.config.gateway.port}`;
});

afterAll(() => demo.stop());

describe('demo stack', () => {
  it('serves the page and the API through the edge', async () => {
    const page = await request(`${edge}/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Cortex Hub demo');
    const health = await request(`${edge}/api/v1/health`);
    expect(JSON.parse(health.body).status).toBe('ok');
  });

  it('keeps the backend port unpublished on the gateway address', async () => {
    const direct = `http://127.0.0.1:${demo.config.backend.port}/api/v1/health`;
    await expect(request(direct)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('oidc-scheme: the login redirect follows X-Forwarded-Proto until nginx uses $scheme',
    async () => {
    const login = (): Promise<string> => request(`${gateway}/api/v1/auth/login`,
      { headers: { 'x-forwarded-proto': 'https' } }).then((r) => String(r.headers.location));
    expect(await login()).toMatch(/^https:\/\//);
    await demo.setFault('oidc-scheme', true);
    expect(await login()).toMatch(/^http:\/\//);
    await demo.setFault('oidc-scheme', false);
    expect(await login()).toMatch(/^https:\/\//);
  });

  it('ws-upgrade: the handshake gets 101 until the upgrade map breaks', async () => {
    const { host, port } = demo.config.gateway;
    expect(await wsHandshake(host, port, '/api/v1/ws')).toBe(101);
    await demo.setFault('ws-upgrade', true);
    expect(await wsHandshake(host, port, '/api/v1/ws')).toBe(400);
    await demo.setFault('ws-upgrade', false);
    expect(await wsHandshake(host, port, '/api/v1/ws')).toBe(101);
  });

  it('cluster-port: the edge answers 503 from envoy while the cluster points at the backend port',
    async () => {
    await demo.setFault('cluster-port', true);
    const reply = await request(`${edge}/`);
    expect(reply.status).toBe(503);
    expect(reply.headers.server).toBe('envoy');
    await demo.setFault('cluster-port', false);
    expect((await request(`${edge}/`)).status).toBe(200);
  });

  it('port-collision: another container holds the gateway port until the fault is off',
    async () => {
    await demo.setFault('port-collision', true);
    const squatted = await request(`${gateway}/`);
    expect(squatted.body).toBe('not the gateway\n');
    expect(demo.containers.get('ai_unified_frontend')?.state).toBe('created');
    const last = demo.containers.recentLogs('ai_unified_frontend').at(-1);
    expect(last).toContain('port is already allocated');
    await demo.setFault('port-collision', false);
    expect((await request(`${gateway}/`)).body).toContain('Cortex Hub demo');
    expect(demo.containers.get('python3_11')).toBeUndefined();
  });
});

describe('demo config', () => {
  it('is exactly what the schema makes of it, defaults included', async () => {
    const { configSchema } = await import('../../src/config/schema.js');
    const { demoConfig } = await import('../../src/demo/stack.js');
    const config = demoConfig({ control: 'http://127.0.0.1:1', admin: 'http://127.0.0.1:2',
      public: 'http://127.0.0.1:3' }, 4, 5);
    expect(configSchema.parse(config)).toEqual(config);
  });
});
