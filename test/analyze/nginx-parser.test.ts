import { describe, expect, it } from 'vitest';

import {
  includesOf,
  locationsOf,
  mapsOf,
  parseNginx,
  selectLocation,
  serverBlocks,
  tokenizeNginx,
} from '../../src/services/analyze/index.js';
import { fixture } from './helpers.js';

describe('tokenizeNginx', () => {
  it('resolves quotes and escapes and keeps positions', () => {
    const { tokens, errors } = tokenizeNginx(`add_header X "a \\"b\\" c" 'it\\'s';`);
    expect(errors).toEqual([]);
    expect(tokens.map((t) => [t.kind, t.value, t.quoted, t.column])).toEqual([
      ['word', 'add_header', false, 1],
      ['word', 'X', false, 12],
      ['word', 'a "b" c', true, 14],
      ['word', "it's", true, 26],
      [';', ';', false, 33],
    ]);
  });

  it('starts comments only at the start of a word', () => {
    const { tokens } = tokenizeNginx('set $a x#y; # note ; {\nlisten 80;');
    expect(tokens.map((t) => t.value)).toEqual(['set', '$a', 'x#y', ';', 'listen', '80', ';']);
    expect(tokens[4]?.line).toBe(2);
  });

  it('reads ${var} inside a word rather than opening a block', () => {
    const { tokens } = tokenizeNginx('return 200 ${scheme}://$host;');
    expect(tokens.map((t) => t.value)).toEqual(['return', '200', '${scheme}://$host', ';']);
  });

  it('reports an unterminated quote and recovers at the end of its line', () => {
    const { tokens, errors } = tokenizeNginx('a "b;\nc d;');
    expect(errors).toEqual([
      { kind: 'unterminated-quote', message: expect.any(String), line: 1, column: 3 },
    ]);
    expect(tokens.map((t) => t.value)).toEqual(['a', 'b', ';', 'c', 'd', ';']);
  });
});

describe('parseNginx', () => {
  it('builds the directive tree with lines and columns', () => {
    const config = parseNginx('http {\n  server {\n    listen 80;\n  }\n}\n');
    expect(config.errors).toEqual([]);
    expect(config.directives).toEqual([
      {
        name: 'http', args: [], line: 1, column: 1, block: [
          {
            name: 'server', args: [], line: 2, column: 3, block: [
              { name: 'listen', args: ['80'], line: 3, column: 5 },
            ],
          },
        ],
      },
    ]);
  });

  it.each([
    ['server {\n listen 80;\n', 'unclosed-block', 1, 1],
    ['listen 80;\n}\n', 'unexpected-close', 2, 1],
    ['server {\n listen 80\n root /x;\n}', 'missing-semicolon', 2, 11],
    ['server { listen 80 }', 'missing-semicolon', 1, 19],
    ['listen 80', 'missing-semicolon', 1, 10],
    [';', 'stray-token', 1, 1],
    ['{ listen 80; }', 'stray-token', 1, 1],
  ])('reports %j as %s at %i:%i', (text, kind, line, column) => {
    expect(parseNginx(text).errors).toEqual([
      { kind, message: expect.any(String), line, column },
    ]);
  });

  it('does not split map entries that look like directive names', () => {
    const config = parseNginx('map $a $b {\n  default\n  "x";\n}');
    expect(config.errors).toEqual([]);
    expect(mapsOf(config)[0]?.entries).toEqual([
      { key: 'default', value: 'x', line: 2, column: 3 },
    ]);
  });

  it('survives ten thousand nested blocks', () => {
    const config = parseNginx('a {'.repeat(10_000));
    expect(config.errors).toHaveLength(10_000);
  });
});

describe('walk helpers', () => {
  const config = parseNginx(fixture('nginx/full-nginx.conf'));

  it('finds servers inside http with their locations and modifiers', () => {
    const [server] = serverBlocks(config);
    expect(server?.parents.map((p) => p.name)).toEqual(['http']);
    const locs = server ? locationsOf(server) : [];
    expect(locs.map((l) => [l.modifier, l.match, l.chain.map((c) => c.name)])).toEqual([
      ['', '/', ['http', 'server', 'location']],
      ['^~', '/api/v1/', ['http', 'server', 'location']],
      ['=', '/healthz', ['http', 'server', 'location']],
    ]);
  });

  it('reads both quote forms of map keys', () => {
    expect(mapsOf(config).map((m) => [m.source, m.target, m.entries.map((e) => e.key)])).toEqual([
      ['$http_upgrade', '$connection_upgrade', ['', 'default']],
      ['$http_x_forwarded_proto', '$forwarded_proto', ['default', '']],
    ]);
  });

  it('notes includes without following them', () => {
    expect(includesOf(config)).toEqual([{ path: '/etc/nginx/mime.types', line: 9, column: 5 }]);
  });

  it.each([
    ['/api/v1/ws', '/api/v1/'],
    ['/healthz', '/healthz'],
    ['/healthz/x', '/'],
    ['/assets/app.js', '/'],
  ])('selects the location nginx would for %s', (uri, match) => {
    const [server] = serverBlocks(config);
    expect(server && selectLocation(server, uri)?.match).toBe(match);
  });

  it('lets a regex win over a plain prefix, and nested regexes first', () => {
    const text = `server {
      location /api/ { location ~ ws$ { } }
      location ~ ^/api/v1/ { }
    }`;
    const [server] = serverBlocks(parseNginx(text));
    expect(server && selectLocation(server, '/api/v1/ws')?.match).toBe('ws$');
    expect(server && selectLocation(server, '/api/v1/x')?.match).toBe('^/api/v1/');
  });
});
