import { describe, expect, it } from 'vitest';

import { checkNginx } from '../../src/services/analyze/index.js';
import { fixture, summarize } from './helpers.js';

interface Case {
  name: string;
  text: string;
  expected: string[];
}

const files: Case[] = [
  {
    name: 'the reference config (map, $http_x_forwarded_proto, 1.1, Upgrade/Connection)',
    text: fixture('nginx/good.conf'),
    expected: ['CX105 ok @24,18', 'CX209 ok @18'],
  },
  {
    name: 'X-Forwarded-Proto from $scheme behind the TLS edge',
    text: fixture('nginx/scheme.conf'),
    expected: ['CX103 failing @13,9', 'CX209 ok @9'],
  },
  {
    name: 'headers set in server, location sets one header of its own',
    text: fixture('nginx/inherit-lost.conf'),
    expected: [
      'CX102 failing @14,10,16',
      'CX106 warning @14,9',
      'CX206 failing @14',
      'CX207 failing @14',
    ],
  },
  {
    name: 'nested location sets one header and loses the outer ones',
    text: fixture('nginx/nested-location.conf'),
    expected: [
      'CX105 ok @6,4',
      'CX102 failing @9,6,11',
      'CX106 warning @9,5',
      'CX205 failing @9',
      'CX206 failing @9',
      'CX207 failing @9',
    ],
  },
  {
    name: 'unconditional Connection "upgrade" and no map',
    text: fixture('nginx/connection-literal.conf'),
    expected: ['CX105 ok @8,4', 'CX208 failing @10', 'CX201 failing @9'],
  },
  {
    name: 'missing proxy_http_version, map written with "" first',
    text: fixture('nginx/no-http-version.conf'),
    expected: ['CX105 ok @12,9', 'CX205 failing @9'],
  },
  {
    name: 'a full nginx.conf: http-level headers, ^~ and = locations, scheme map',
    text: fixture('nginx/full-nginx.conf'),
    expected: ['CX105 ok @38,34', 'CX105 ok @23,43', 'CX209 ok @34'],
  },
  {
    name: 'syntax errors are reported with their lines and the rest still checked',
    text: fixture('nginx/broken.conf'),
    expected: [
      'CX502 failing @2',
      'CX503 failing @5',
      'CX501 failing @8',
      'CX105 ok @5,3',
      'CX106 warning @3',
      'CX205 failing @3',
      'CX206 failing @3',
      'CX207 failing @3',
    ],
  },
];

const api = (headers: string, extra = ''): string =>
  [
    "map $http_upgrade $connection_upgrade { default upgrade; '' close; }",
    extra,
    'server {',
    '  location /api/v1/ {',
    '    proxy_pass http://ai_hub_service:8000;',
    '    proxy_http_version 1.1;',
    '    proxy_set_header Host $host;',
    '    proxy_set_header Upgrade $http_upgrade;',
    `    ${headers}`,
    '  }',
    '}',
  ].join('\n');

const xfp = 'proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;';
const conn = 'proxy_set_header Connection $connection_upgrade;';

const inline: Case[] = [
  {
    name: 'literal https is a warning',
    text: api(`proxy_set_header X-Forwarded-Proto https; ${conn}`),
    expected: ['CX104 warning @9,4', 'CX209 ok @4'],
  },
  {
    name: 'literal http is failing',
    text: api(`proxy_set_header X-Forwarded-Proto 'http'; ${conn}`),
    expected: ['CX107 failing @9,4', 'CX209 ok @4'],
  },
  {
    name: 'a map derived from $scheme is failing',
    text: api(
      `proxy_set_header X-Forwarded-Proto $p; ${conn}`,
      'map $scheme $p { default $scheme; }',
    ),
    expected: ['CX103 failing @9,4', 'CX209 ok @4'],
  },
  {
    name: 'an unrelated variable is a warning',
    text: api(`proxy_set_header X-Forwarded-Proto $server_port; ${conn}`),
    expected: ['CX107 warning @9,4', 'CX209 ok @4'],
  },
  {
    name: "map '' entry that is not close",
    text: api(`${xfp} ${conn}`).replace("'' close", "'' keep-alive"),
    expected: ['CX105 ok @9,4', 'CX202 warning @1,1'],
  },
  {
    name: "map '' entry that is upgrade",
    text: api(`${xfp} ${conn}`).replace("'' close", '"" "upgrade"'),
    expected: ['CX105 ok @9,4', 'CX202 failing @1,1'],
  },
  {
    name: "map without '' entry",
    text: api(`${xfp} ${conn}`).replace(" '' close;", ''),
    expected: ['CX105 ok @9,4', 'CX203 failing @1,1'],
  },
  {
    name: 'map that defaults to close and upgrades only websocket',
    text: api(`${xfp} ${conn}`).replace(
      "default upgrade; '' close;",
      'default close; websocket upgrade;',
    ),
    expected: ['CX105 ok @9,4', 'CX209 ok @4'],
  },
  {
    name: 'map whose default is not upgrade',
    text: api(`${xfp} ${conn}`).replace('default upgrade', 'default close'),
    expected: ['CX105 ok @9,4', 'CX204 failing @1,1'],
  },
  {
    name: 'Connection from a misspelt variable',
    text: api(`${xfp} proxy_set_header Connection $connection_upgarde;`),
    expected: ['CX105 ok @9,4', 'CX201 failing @9'],
  },
  {
    name: 'Connection from $http_connection is a warning',
    text: api(`${xfp} proxy_set_header Connection $http_connection;`),
    expected: ['CX105 ok @9,4', 'CX207 warning @9,4'],
  },
  {
    name: 'an include on the chain softens a missing X-Forwarded-Proto',
    text: api(`include proxy_params; ${conn}`),
    expected: ['CX101 warning @4,9', 'CX209 ok @4'],
  },
  {
    name: 'no location proxies the API',
    text: 'server {\n  listen 80;\n  location / { root /srv; }\n}\n',
    expected: ['CX506 failing @1'],
  },
  {
    name: 'a ^~ static prefix under the API path wins over a proxying regex',
    text: [
      'server {',
      ' location ~ ^/api/ { proxy_pass http://b; }',
      ' location ^~ /api/v1/ { root /x; }',
      '}',
    ].join('\n'),
    expected: ['CX506 failing @1', 'CX101 failing @2', 'CX106 warning @2'],
  },
  {
    name: 'a fragment without server blocks',
    text: 'proxy_set_header Host $host;\n',
    expected: ['CX505 warning @-'],
  },
];

describe('checkNginx', () => {
  it.each([...files, ...inline])('$name', ({ text, expected }) => {
    expect(summarize(checkNginx(text, 'nginx.conf'))).toEqual(expected);
  });

  it('quotes the offending line and names the file in evidence', () => {
    const [finding] = checkNginx(fixture('nginx/scheme.conf'), 'conf.d/default.conf');
    expect(finding?.evidence[0]).toEqual({
      file: 'conf.d/default.conf',
      line: 13,
      column: 9,
      text: 'proxy_set_header X-Forwarded-Proto $scheme;',
    });
    expect(finding?.fix).toContain('$http_x_forwarded_proto');
  });

  it('checks the location selected for a custom API path', () => {
    const text = fixture('nginx/good.conf').replaceAll('/api/v1/', '/api/v2/');
    const found = summarize(checkNginx(text, 'n', { apiPath: '/api/v2/', wsPath: '/api/v2/ws' }));
    expect(found).toEqual(['CX105 ok @24,18', 'CX209 ok @18']);
  });
});
