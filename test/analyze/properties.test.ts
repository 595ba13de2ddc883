import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  checkBackendLaunch,
  checkCompose,
  checkDockerfile,
  checkNginx,
  isFindingCode,
  type Finding,
} from '../../src/services/analyze/index.js';
import { fixture } from './helpers.js';

const RUNS = { numRuns: 300 };

/** Every finding is well formed and points inside the text it came from. */
function assertWellFormed(findings: Finding[], text: string): void {
  const lines = text.split(/\r\n|\n|\r/).length;
  for (const f of findings) {
    expect(isFindingCode(f.code), f.code).toBe(true);
    expect(['ok', 'warning', 'failing']).toContain(f.verdict);
    expect(f.evidence.length).toBeGreaterThan(0);
    for (const e of f.evidence) {
      if (e.line === undefined) continue;
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.line).toBeLessThanOrEqual(lines + 1);
    }
  }
}

function runAll(text: string): void {
  assertWellFormed(checkNginx(text, 'nginx.conf'), text);
  assertWellFormed(checkDockerfile(text, 'Dockerfile'), text);
  assertWellFormed(checkCompose(text, 'docker-compose.yml'), text);
  const both = { file: 'x', text };
  for (const f of checkBackendLaunch({ dockerfile: both, compose: both })) {
    expect(isFindingCode(f.code)).toBe(true);
  }
}

const pieces = fc.constantFrom(
  '{', '}', ';', '"', "'", '\\', '#', '$', '${', '\n', ' ', '\t', ':', '- ', '[', ']',
  'location /api/v1/', 'server', 'map $http_upgrade $c', 'proxy_set_header', 'proxy_pass x',
  "''", 'CMD', '["uvicorn"', 'sh -c', '--forwarded-allow-ips', 'services:', 'ports:', '8002:80',
  '<<EOF', '`', '~*', '=', '^~',
);
const soup = fc.array(pieces, { maxLength: 80 }).map((xs) => xs.join(''));

type Op = { kind: 'insert' | 'delete' | 'dropLine' | 'dupLine'; at: number; ch: string };
const op: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'dropLine', 'dupLine'),
  at: fc.nat(),
  ch: fc.constantFrom('{', '}', ';', '"', "'", '\n', ':', '-', '[', ']', '\\', '\t'),
});

/** Applies random edits of the kinds that break configuration files. */
function mutate(text: string, ops: Op[]): string {
  let out = text;
  for (const o of ops) {
    const at = out.length === 0 ? 0 : o.at % out.length;
    if (o.kind === 'insert') out = out.slice(0, at) + o.ch + out.slice(at);
    if (o.kind === 'delete') out = out.slice(0, at) + out.slice(at + 1);
    const lines = out.split('\n');
    const n = o.at % Math.max(lines.length, 1);
    if (o.kind === 'dropLine') lines.splice(n, 1);
    if (o.kind === 'dupLine') lines.splice(n, 0, lines[n] ?? '');
    if (o.kind === 'dropLine' || o.kind === 'dupLine') out = lines.join('\n');
  }

  return out;
}

const fixtures = [
  'nginx/good.conf',
  'nginx/full-nginx.conf',
  'nginx/inherit-lost.conf',
  'docker/exec-good.Dockerfile',
  'docker/continuation.Dockerfile',
  'docker/sh-c.Dockerfile',
  'compose/good.yml',
  'compose/ports.yml',
].map((path) => ({ path, text: fixture(path) }));

describe('analyzers on hostile input', () => {
  it('never throw on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => runAll(s)), RUNS);
  });

  it('never throw on soups of significant tokens', () => {
    fc.assert(fc.property(soup, (s) => runAll(s)), RUNS);
  });

  it.each(fixtures)('never throw on mutations of $path', ({ text }) => {
    const mutated = fc.array(op, { minLength: 1, maxLength: 8 }).map((ops) => mutate(text, ops));
    fc.assert(fc.property(mutated, (s) => runAll(s)), RUNS);
  });
});
