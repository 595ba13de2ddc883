import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

import {
  backendPortPublished,
  checkCompose,
  parseCompose,
  type ComposePort,
} from '../../src/services/analyze/index.js';
import { fixture, summarize } from './helpers.js';

type PortView = Pick<ComposePort, 'line' | 'hostIp' | 'published' | 'target' | 'protocol'> & {
  error?: boolean;
};

function view(p: ComposePort): PortView {
  const out: PortView = { line: p.line, protocol: p.protocol };
  if (p.hostIp !== undefined) out.hostIp = p.hostIp;
  if (p.published) out.published = p.published;
  if (p.target) out.target = p.target;
  if (p.error) out.error = true;
  return out;
}

const r = (start: number, end = start): { start: number; end: number } => ({ start, end });

describe('parseCompose', () => {
  const model = parseCompose(fixture('compose/ports.yml'), 'docker-compose.yml');

  it('reads short and long port syntax with lines', () => {
    const [frontend, backend, python] = model.services;
    expect(frontend?.ports.map(view)).toEqual([
      { line: 6, hostIp: '127.0.0.1', published: r(9000), target: r(9000), protocol: 'tcp' },
      { line: 7, published: r(8443), target: r(443), protocol: 'tcp' },
      { line: 8, published: r(8000, 8001), target: r(8000, 8001), protocol: 'tcp' },
      { line: 9, target: r(80), protocol: 'tcp' },
      { line: 10, hostIp: '0.0.0.0', published: r(8002), target: r(80), protocol: 'tcp' },
    ]);
    expect(backend?.ports.map(view)).toEqual([
      { line: 19, published: r(8000), target: r(8000), protocol: 'tcp' },
    ]);
    expect(python?.ports.map(view)).toEqual([
      { line: 23, hostIp: '::1', published: r(8443), target: r(8443), protocol: 'tcp' },
      { line: 24, published: r(2222), target: r(22), protocol: 'tcp' },
      { line: 25, protocol: 'tcp', error: true },
    ]);
  });

  it('reads the other service fields', () => {
    const text = fixture('compose/good.yml');
    const [backend, frontend] = parseCompose(text, 'c.yml').services;
    expect(backend).toMatchObject({
      name: 'backend',
      line: 2,
      containerName: 'ai_hub_service',
      build: { context: './app/ai-hub', dockerfile: 'Dockerfile', line: 4 },
      restart: 'unless-stopped',
      expose: [{ value: '8000', line: 9, column: 9 }],
      environment: { DATABASE_URL: { value: 'sqlite:///data/hub.db', line: 11, column: 9 } },
      envFile: ['.env'],
    });
    expect(frontend).toMatchObject({ name: 'frontend', build: { context: './frontend' } });
  });

  it('splits a command string like shlex and keeps a list', () => {
    const text = [
      'services:',
      '  a:',
      '    command: uvicorn x:app --forwarded-allow-ips "*"',
      '    healthcheck:',
      '      test: ["CMD", "curl", "-f", "http://localhost:8000/"]',
      '  b:',
      '    command: ["sh", "-c", "echo hi"]',
      '    environment: { A: 1, B: }',
    ].join('\n');
    const [a, b] = parseCompose(text, 'c.yml').services;
    expect(a?.command).toEqual({
      argv: ['uvicorn', 'x:app', '--forwarded-allow-ips', '*'],
      form: 'string',
      line: 3,
    });
    expect(a?.healthcheck).toEqual({
      test: ['CMD', 'curl', '-f', 'http://localhost:8000/'],
      disabled: false,
      line: 5,
    });
    expect(b?.command).toEqual({ argv: ['sh', '-c', 'echo hi'], form: 'list', line: 7 });
    expect(b?.environment).toEqual({
      A: { value: '1', line: 8, column: 20 },
      B: { value: '', line: 8, column: 26 },
    });
  });

  it('returns YAML errors with positions instead of throwing', () => {
    const text = 'services:\n  a:\n    image: x\n   bad: y\n  b:\n    image: z\n';
    const broken = parseCompose(text, 'c.yml');
    expect(broken.errors).toEqual([
      { message: 'All mapping items must start at the same column', line: 4, column: 1 },
    ]);
    expect(broken.services.map((s) => s.name)).toEqual(['a', 'bad', 'b']);
  });

  it('tells whether the backend port is reachable from the network', () => {
    expect(backendPortPublished(model)).toBe(true);
    expect(backendPortPublished(parseCompose(fixture('compose/good.yml'), 'c.yml'))).toBe(false);
  });
});

interface Case {
  name: string;
  text: string;
  gatewayPort?: number;
  expected: string[];
}

const svc = (name: string, ...ports: string[]): string =>
  [`  ${name}:`, '    image: x', '    ports:', ...ports.map((p) => `      - ${p}`)].join('\n');
const yml = (...services: string[]): string => ['services:', ...services].join('\n');

const cases: Case[] = [
  { name: 'the reference layout', text: fixture('compose/good.yml'), expected: ['CX308 ok @19'] },
  {
    name: 'collisions, ranges, loopback, IPv6, base-60 and bad entries',
    text: fixture('compose/ports.yml'),
    expected: [
      'CX311 warning @24',
      'CX310 warning @25',
      'CX303 failing @7,23',
      'CX303 failing @8,19',
      'CX308 ok @10',
      'CX309 warning @19',
    ],
  },
  {
    name: 'the gateway on another port (expected 8002)',
    text: yml(svc('frontend', '"8000:80"')),
    expected: ['CX305 failing @2,5'],
  },
  {
    name: 'the caller expects a different gateway port',
    text: yml(svc('frontend', '"8002:80"')),
    gatewayPort: 9000,
    expected: ['CX305 failing @2,5'],
  },
  {
    name: 'the gateway mapped to the wrong container port',
    text: yml(svc('frontend', '"8002:8080"')),
    expected: ['CX306 failing @5'],
  },
  {
    name: 'the gateway inside a published range',
    text: yml(svc('frontend', '"8001-8003:79-81"')),
    expected: ['CX308 ok @5'],
  },
  {
    name: 'the gateway on loopback only',
    text: yml(svc('frontend', '"127.0.0.1:8002:80"')),
    expected: ['CX307 warning @5'],
  },
  {
    name: 'gateway found by container_name; loopback and wildcard collide',
    text: yml(
      svc('web', '"127.0.0.1:8002:80"').replace('image: x', 'container_name: ai_unified_frontend'),
      svc('other', '8002:8002'),
    ),
    expected: ['CX303 failing @5,9', 'CX307 warning @5'],
  },
  {
    name: 'different host addresses and protocols do not collide',
    text: yml(
      svc('frontend', '"10.0.0.1:8002:80"', '"9000:9000/udp"'),
      svc('other', '"10.0.0.2:8002:80"', '"9000:9000"'),
    ),
    expected: ['CX308 ok @5'],
  },
  {
    name: 'the same service publishing a port twice',
    text: yml(svc('frontend', '"8002:80"', '"8002:81"')),
    expected: ['CX303 failing @5,6', 'CX308 ok @5'],
  },
  {
    name: 'no gateway service',
    text: yml(svc('api', '"8000:8000"')),
    expected: ['CX304 warning @-'],
  },
  { name: 'no services', text: 'version: "3"\n', expected: ['CX302 failing @-'] },
  { name: 'not YAML', text: 'services:\n  a: [\n', expected: ['CX301 failing @3'] },
  {
    name: 'a YAML error still reports what could be read',
    text: `${yml(svc('api', '"8000:80"', '"8000:81"'))}\n\tbad: 1\n`,
    expected: ['CX301 failing @7', 'CX303 failing @5,6'],
  },
];

describe('checkCompose', () => {
  it.each(cases)('$name', ({ text, gatewayPort, expected }) => {
    const opts = gatewayPort === undefined ? {} : { gatewayPort };
    expect(summarize(checkCompose(text, 'docker-compose.yml', opts))).toEqual(expected);
  });
});

// Compose v1 reads YAML with PyYAML (YAML 1.1); ask the real parser which entries become numbers.
const PY_SEXAGESIMAL = `
import sys, yaml
root = yaml.compose(sys.stdin)
for key, svc in root.value[0][1].value:
    for k, v in svc.value:
        if k.value != 'ports':
            continue
        for item in v.value:
            if item.tag.endswith(':int') and ':' in item.value:
                print(item.start_mark.line + 1)
`;
const hasPyYaml = spawnSync('python3', ['-c', 'import yaml'], { timeout: 10_000 }).status === 0;

describe('CX311 against PyYAML', () => {
  it.skipIf(!hasPyYaml)('flags exactly the entries PyYAML reads as base-60 integers', () => {
    const text = [
      'services:',
      '  a:',
      '    ports:',
      '      - 2222:22',
      '      - 8002:80',
      '      - "22:22"',
      '      - 1:59',
      '      - 80:8080',
      '      - 10:00/udp',
    ].join('\n');
    const python = execFileSync('python3', ['-c', PY_SEXAGESIMAL],
      { input: text, timeout: 10_000 });
    const expected = python.toString().trim().split('\n').map(Number);
    const flagged = checkCompose(text, 'c.yml')
      .filter((f) => f.code === 'CX311')
      .map((f) => f.evidence[0]?.line);
    expect(expected).toEqual([4, 7]);
    expect(flagged).toEqual(expected);
  });
});
