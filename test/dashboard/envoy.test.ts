import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvoyStandin, type EnvoyStandin } from '../../src/standin/envoy.js';
import { makeCluster } from '../../src/standin/cluster.js';
import {
  addCluster, certs, ClusterNotFoundError, clusters, configDump, EnvoyFormatError, getCluster,
  parseClusters, parseStats, ready, serverInfo, stats,
} from '../../src/services/envoy.js';
import { ProbeError } from '../../src/services/probes/errors.js';
import { deadPort, httpServer, silentServer, type Loopback } from './loopback.js';

let standin: EnvoyStandin;
const CLUSTER = '_ai_unified_server';

beforeAll(async () => {
  const any = { host: '127.0.0.1', port: 0 };
  standin = await startEnvoyStandin({
    control: any, admin: any, edge: any, cluster: CLUSTER,
    endpoint: { address: '127.0.0.1', port: 8002 },
  });
});

afterAll(async () => {
  await standin.stop();
});

describe('control plane', () => {
  it('reads the cluster endpoint', async () => {
    const info = await getCluster(standin.controlUrl, CLUSTER);
    expect(info.endpoint).toEqual({ address: '127.0.0.1', port: 8002 });
    expect((info.raw as { name: string }).name).toBe(CLUSTER);
  });

  it('names a missing cluster', async () => {
    await expect(getCluster(standin.controlUrl, 'nope')).rejects.toThrow(ClusterNotFoundError);
  });

  it('posts a cluster and reads it back', async () => {
    await addCluster(standin.controlUrl, makeCluster('other', { address: '10.0.0.9', port: 81 }));
    const info = await getCluster(standin.controlUrl, 'other');
    expect(info.endpoint).toEqual({ address: '10.0.0.9', port: 81 });
  });

  it('reports a refused POST as EnvoyError with the status', async () => {
    await expect(addCluster(standin.controlUrl, { name: '' })).rejects.toMatchObject({
      name: 'EnvoyError', status: 400,
    });
  });
});

describe('admin', () => {
  it('reads ready, clusters, stats, server info, config dump and certs', async () => {
    expect((await ready(standin.adminUrl)).ready).toBe(true);
    const list = await clusters(standin.adminUrl);
    const ours = list.find((c) => c.name === CLUSTER);
    expect(ours?.hosts[0]).toMatchObject({ address: '127.0.0.1', port: 8002, healthy: true });
    const text = await stats(standin.adminUrl);
    const json = await stats(standin.adminUrl, { format: 'json' });
    expect(text['server.live']).toBe(1);
    expect(json['server.live']).toBe(1);
    expect((await serverInfo(standin.adminUrl)).state).toBe('LIVE');
    await expect(configDump(standin.adminUrl)).resolves.toHaveProperty('configs');
    expect(await certs(standin.adminUrl)).toEqual([]);
  });
});

describe('parsing', () => {
  it('takes string and number stat values, omitted fields as zero, flags as unhealthy', () => {
    const body = JSON.stringify({ cluster_statuses: [{
      name: 'c', host_statuses: [{
        address: { socket_address: { address: '1.2.3.4', port_value: 80 } },
        stats: [{ name: 'cx_connect_fail', value: '7' }, { name: 'rq_total', value: 3 },
          { name: 'cx_active', type: 'GAUGE' }],
        health_status: { eds_health_status: 'HEALTHY', failed_outlier_check: true },
      }, { address: { pipe: { path: '/x' } } }],
    }, { name: 'empty' }] });
    const [c, empty] = parseClusters(body);
    expect(c!.hosts).toEqual([{ address: '1.2.3.4', port: 80, healthy: false,
      flags: ['failed_outlier_check'], stats: { cx_connect_fail: 7, rq_total: 3, cx_active: 0 } }]);
    expect(empty!.hosts).toEqual([]);
    expect(parseClusters('{}')).toEqual([]);
  });

  it('turns garbage into EnvoyFormatError', () => {
    expect(() => parseClusters('<html>')).toThrow(EnvoyFormatError);
    expect(() => parseClusters('[1,2]')).toThrow(EnvoyFormatError);
    expect(() => parseClusters('{"cluster_statuses": 5}')).toThrow(EnvoyFormatError);
    expect(() => parseStats('{"stats": ')).toThrow(EnvoyFormatError);
    expect(parseStats('a.b: 5\nhistogram: P0(nan,1)\nc: 7\n')).toEqual({ 'a.b': 5, c: 7 });
  });
});

describe('failures', () => {
  const servers: Loopback[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('an admin port that answers HTML gives a typed error', async () => {
    const s = await httpServer((_q, r) => r.end('<html>hello</html>'));
    servers.push(s);
    await expect(clusters(s.url)).rejects.toThrow(EnvoyFormatError);
    await expect(getCluster(s.url, CLUSTER)).rejects.toThrow(EnvoyFormatError);
  });

  it('a silent control plane times out on its own deadline', async () => {
    const s = await silentServer();
    servers.push(s);
    const err = await getCluster(s.url, CLUSTER, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProbeError);
    expect((err as ProbeError).kind).toBe('timeout');
    expect((err as Error).message).toMatch(/no answer from 127\.0\.0\.1:\d+ within 300 ms/);
  });

  it('a refused admin port says so', async () => {
    const port = await deadPort();
    await expect(ready(`http://127.0.0.1:${port}`)).rejects.toMatchObject({ kind: 'refused' });
  });

  it('the caller abort wins over the deadline', async () => {
    const s = await silentServer();
    servers.push(s);
    const ac = new AbortController();
    const p = ready(s.url, { signal: ac.signal, timeoutMs: 10_000 });
    ac.abort(new Error('stop now'));
    await expect(p).rejects.toThrow('stop now');
  });
});
