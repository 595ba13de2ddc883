import { describe, expect, it } from 'vitest';
import {
  catArgv, composePsArgv, dockerStopArgv, nginxDumpArgv, nginxTestArgv, parseSs, ssArgv,
} from '../../src/workflows/runbooks/host.js';
import { FINDING_CODES } from '../../src/services/analyze/index.js';
import { ALL_CODES, LIVE_CODES, liveFinding } from '../../src/workflows/runbooks/codes.js';
import { exitCodeFor } from '../../src/workflows/runbooks/report.js';
import { clusterEndpoint, withEndpointPort } from '../../src/workflows/runbooks/envoy-api.js';
import { compactDiff, lineDiff } from '../../src/workflows/runbooks/diff.js';
import { classifyContainer, ownerOf } from '../../src/workflows/runbooks/ports.js';
import type { HostContainer } from '../../src/workflows/runbooks/host.js';
import { locationScheme } from '../../src/workflows/runbooks/util.js';
import { configSecrets } from '../../src/workflows/snapshot/redactor.js';

describe('host argv builders', () => {
  it('builds each command exactly', () => {
    expect(catArgv('/srv/a b/nginx.conf')).toEqual(['cat', '--', '/srv/a b/nginx.conf']);
    expect(ssArgv()).toEqual(['ss', '-Htlnp']);
    expect(nginxDumpArgv('gw')).toEqual(['docker', 'exec', 'gw', 'nginx', '-T']);
    expect(nginxTestArgv('gw')).toEqual(['docker', 'exec', 'gw', 'nginx', '-t']);
    expect(dockerStopArgv('squatter')).toEqual(['docker', 'stop', 'squatter']);
    expect(composePsArgv('/srv/p', 'docker-compose.yml', 'cortex-hub')).toEqual([
      'docker-compose', '--project-directory', '/srv/p', '-f', '/srv/p/docker-compose.yml',
      '-p', 'cortex-hub', 'ps']);
  });
});

describe('parseSs', () => {
  it('reads addresses, ports and processes, IPv6 included', () => {
    const text = [
      'LISTEN 0      4096         0.0.0.0:8002      0.0.0.0:*    ' +
        'users:(("docker-proxy",pid=4121,fd=4))',
      'LISTEN 0      128             [::]:22           [::]:*    users:(("sshd",pid=77,fd=3))',
      'LISTEN 0      511    127.0.0.1%lo:8000      0.0.0.0:*',
      'garbage',
    ].join('\n');
    expect(parseSs(text)).toEqual([
      { address: '0.0.0.0', port: 8002, process: 'docker-proxy', pid: 4121 },
      { address: '::', port: 22, process: 'sshd', pid: 77 },
      { address: '127.0.0.1', port: 8000 },
    ]);
  });
});

describe('the live catalogue', () => {
  it('shares no code with the analyzers and every entry is complete', () => {
    const overlap = Object.keys(LIVE_CODES).filter((c) => c in FINDING_CODES);
    expect(overlap).toEqual([]);
    for (const [code, info] of Object.entries(ALL_CODES)) {
      expect(code).toMatch(/^CX\d{3}$/);
      expect(info.title.length && info.explanation.length && info.fix.length).toBeTruthy();
    }
  });

  it('liveFinding takes title and fix from the catalogue, no fix when ok', () => {
    const bad = liveFinding('CX402', 'failing', 'd', []);
    expect(bad.title).toBe(LIVE_CODES.CX402.title);
    expect(bad.fix).toBe(LIVE_CODES.CX402.fix);
    expect(liveFinding('CX401', 'ok', 'd').fix).toBeUndefined();
  });
});

describe('exit codes', () => {
  it('fails on failing, and on warnings only when strict', () => {
    expect(exitCodeFor({ failing: 0, warning: 0, ok: 3 }, true)).toBe(0);
    expect(exitCodeFor({ failing: 0, warning: 2, ok: 3 }, false)).toBe(0);
    expect(exitCodeFor({ failing: 0, warning: 2, ok: 3 }, true)).toBe(1);
    expect(exitCodeFor({ failing: 1, warning: 0, ok: 0 }, false)).toBe(1);
  });
});

describe('cluster JSON', () => {
  const camel = { name: 'c', loadAssignment: { clusterName: 'c', endpoints: [{ lbEndpoints: [
    { endpoint: { address: { socketAddress: { address: '10.0.0.5', portValue: 8000 } } } },
  ] }] } };
  const snake = { name: 'c', load_assignment: { cluster_name: 'c', endpoints: [{ lb_endpoints: [
    { endpoint: { address: { socket_address: { address: '10.0.0.5', port_value: 8000 } } } },
  ] }] } };

  it('corrects only the port, in the spelling it was written in', () => {
    const fixed = withEndpointPort(camel, 8002);
    expect(clusterEndpoint(fixed)).toEqual({ address: '10.0.0.5', port: 8002 });
    expect(clusterEndpoint(camel)).toEqual({ address: '10.0.0.5', port: 8000 });
    const fixedSnake = withEndpointPort(snake, 8002) as typeof snake;
    expect(fixedSnake.load_assignment.endpoints[0]!.lb_endpoints[0]!.endpoint.address
      .socket_address).toEqual({ address: '10.0.0.5', port_value: 8002 });
  });

  it('refuses a cluster without an endpoint', () => {
    expect(() => withEndpointPort({ name: 'x' }, 1)).toThrow(/no endpoint/);
  });
});

describe('lineDiff', () => {
  it('marks removed and added lines around the unchanged ones', () => {
    expect(lineDiff('a\nb\nc', 'a\nB\nc')).toBe('  a\n- b\n+ B\n  c');
    expect(lineDiff('x', 'x')).toBe('  x');
  });

  it('compacts to the changes and their context', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f'].join('\n');
    const after = ['a', 'b', 'c', 'd', 'E', 'f'].join('\n');
    expect(compactDiff(lineDiff(before, after), 1)).toBe('  …\n  d\n- e\n+ E\n  f');
  });
});

describe('port owners', () => {
  const box = (name: string, port: number, labels: Record<string, string> = {},
    state = 'running'): HostContainer => ({
    name, image: 'img', state, labels, ports: [{ hostPort: port, containerPort: 80 }],
  });
  const pub = { service: 'frontend', container: 'ai_unified_frontend', hostPort: 8002, line: 5,
    file: 'docker-compose.yml' };

  it('is nobody when the right container holds the port', () => {
    expect(ownerOf(pub, [box('ai_unified_frontend', 8002)], [], 'cortex-hub', [])).toBeUndefined();
  });

  it('names an orphan, another project of the stack, an unrelated container', () => {
    const p = 'com.docker.compose.project';
    const s = 'com.docker.compose.service';
    expect(classifyContainer(box('old', 8002, { [p]: 'cortex-hub', [s]: 'ui' }), 'cortex-hub',
      ['frontend']).kind).toBe('stack');
    expect(classifyContainer(box('x', 8002, { [p]: 'cortexhub2', [s]: 'frontend' }),
      'cortex-hub', ['frontend'])).toMatchObject({ kind: 'stack',
      detail: 'service frontend of another compose project of this stack (cortexhub2)' });
    expect(classifyContainer(box('python3_11', 8002), 'cortex-hub', ['frontend']).kind)
      .toBe('container');
  });

  it('falls back to a host process from ss, ignoring docker-proxy and stopped containers', () => {
    const owner = ownerOf(pub, [box('gone', 8002, {}, 'exited')], [
      { address: '0.0.0.0', port: 8002, process: 'python3', pid: 9 },
    ], 'cortex-hub', []);
    expect(owner).toEqual({ kind: 'process', name: 'python3',
      detail: 'python3 (pid 9) listening on 0.0.0.0:8002' });
    expect(ownerOf(pub, [], [{ address: '0.0.0.0', port: 8002, process: 'docker-proxy' }],
      'cortex-hub', [])).toBeUndefined();
  });
});

describe('small helpers', () => {
  it('reads the scheme of absolute Locations only', () => {
    expect(locationScheme('https://a/b')).toBe('https');
    expect(locationScheme('HTTP://a')).toBe('http');
    expect(locationScheme('/relative')).toBeUndefined();
    expect(locationScheme(undefined)).toBeUndefined();
  });

  it('collects config values under secret-sounding keys, not file paths', () => {
    expect(configSecrets({ a: { apiToken: 'xyz', identityFile: '/k', host: 'h' },
      url: 'http://ops:s%40cret@cp:8090', plain: 'http://cp:8090' })).toEqual(['xyz', 's@cret']);
  });
});

describe('wrapLine', () => {
  it('wraps at spaces and indents continuations past the line indent', async () => {
    const { wrapLine } = await import('../../src/screens/troubleshoot/lines.js');
    const text = '    fix: use the map with the upgrade and close entries please';
    expect(wrapLine({ text }, 30).map((l) => l.text)).toEqual([
      '    fix: use the map with the', '      upgrade and close', '      entries please']);
    expect(wrapLine({ text, status: 'ok' }, 30)).toHaveLength(1);
  });
});
