/**
 * Catalogue entries for the nginx checks: forwarded scheme (CX10x),
 * WebSocket upgrade (CX2xx) and configuration syntax and routing (CX5xx).
 */
import type { CodeInfo } from './findings.js';

/** Codes emitted by nginx-checks.ts and nginx-ws.ts. */
export const NGINX_CODES = {
  CX101: {
    title: 'X-Forwarded-Proto is not forwarded to the backend',
    explanation:
      'A proxied location sends no X-Forwarded-Proto header, so the backend ' +
      'only sees the plain HTTP hop from nginx and builds http:// URLs. ' +
      'OIDC login then redirects users to http:// and the callback fails.',
    fix:
      'Add `proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;` to ' +
      'the location that proxies the API.',
  },
  CX102: {
    title: 'X-Forwarded-Proto is lost by proxy_set_header inheritance',
    explanation:
      'nginx inherits proxy_set_header from an outer block only when the ' +
      'inner block sets none at all. This location (or a block between it ' +
      'and the outer one) sets some headers of its own, so the ' +
      'X-Forwarded-Proto set further out silently stops applying here.',
    fix:
      'Repeat every proxy_set_header the location needs inside it, ' +
      'X-Forwarded-Proto included, or move them all to one level.',
  },
  CX103: {
    title: 'X-Forwarded-Proto is set from $scheme',
    explanation:
      'Behind a TLS-terminating edge such as Envoy, nginx receives plain ' +
      'HTTP, so $scheme is always "http". The backend believes the site is ' +
      'served over http and OIDC redirects flip from https to http.',
    fix:
      'Use `proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;` to ' +
      'pass on the scheme the edge saw.',
  },
  CX104: {
    title: 'X-Forwarded-Proto is hard-coded to https',
    explanation:
      'A literal "https" makes OIDC work through the edge, but it hides the ' +
      'real scheme: requests that reach the gateway port directly over ' +
      'HTTP are also reported as https, which makes direct tests ' +
      'misleading.',
    fix:
      'Prefer `$http_x_forwarded_proto` (optionally through a map with an ' +
      'https default).',
  },
  CX105: {
    title: "X-Forwarded-Proto passes on the edge's scheme",
    explanation:
      "The location forwards the scheme that the edge proxy reported, so " +
      "the backend learns that the user's request was https.",
    fix: 'Nothing to change.',
  },
  CX106: {
    title: 'Host header is not forwarded to the backend',
    explanation:
      'Without `proxy_set_header Host`, nginx sends the upstream name from ' +
      'proxy_pass (for example "backend:8000") as Host. A backend that ' +
      'builds absolute URLs, such as OIDC callbacks, then uses that ' +
      'internal name instead of the public domain.',
    fix:
      'Add `proxy_set_header Host $host;` next to the other ' +
      'proxy_set_header lines.',
  },
  CX107: {
    title: 'X-Forwarded-Proto has an unexpected value',
    explanation:
      'The header is set from something other than the edge\'s header, ' +
      '$scheme or "https". A literal "http" is certainly wrong; other ' +
      'variables may or may not carry the scheme the user saw.',
    fix: 'Use `proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;`.',
  },
  CX201: {
    title: 'No map from $http_upgrade defines the Connection variable',
    explanation:
      'The Connection header should come from `map $http_upgrade ' +
      '$connection_upgrade { default upgrade; \'\' close; }`. The variable ' +
      'used is not defined by any map or set, so nginx refuses the ' +
      'configuration, or WebSocket upgrades cannot work.',
    fix:
      "Add `map $http_upgrade $connection_upgrade { default upgrade; '' " +
      "close; }` to the http block.",
  },
  CX202: {
    title: "The upgrade map does not send close for plain requests",
    explanation:
      "For requests without an Upgrade header the map's '' entry decides " +
      "the Connection header. Anything other than close keeps plain REST " +
      "calls on an upgrade or keep-alive path the backend does not expect.",
    fix: "Set the map entry to `'' close;`.",
  },
  CX203: {
    title: "The upgrade map has no '' entry",
    explanation:
      "Without a '' entry plain requests fall to the default (upgrade), so " +
      "every REST call is sent with Connection: upgrade. That is the same " +
      "breakage as setting Connection \"upgrade\" unconditionally.",
    fix: "Add `'' close;` to the map.",
  },
  CX204: {
    title: 'The upgrade map does not default to upgrade',
    explanation:
      'Requests that carry an Upgrade header fall to the map default. If ' +
      'the default is not upgrade, WebSocket handshakes reach the backend ' +
      'without Connection: upgrade and never switch protocols.',
    fix: 'Set `default upgrade;` in the map.',
  },
  CX205: {
    title: 'proxy_http_version 1.1 is not in effect for the API',
    explanation:
      'nginx talks HTTP/1.0 to upstreams by default, and HTTP/1.0 has no ' +
      'protocol upgrade, so WebSocket channels under the API cannot be ' +
      'established.',
    fix:
      'Add `proxy_http_version 1.1;` to the API location (or its server ' +
      'block).',
  },
  CX206: {
    title: 'The Upgrade header is not forwarded for the API',
    explanation:
      'Upgrade is a hop-by-hop header that nginx drops unless it is set ' +
      'explicitly, so the backend never sees a WebSocket handshake.',
    fix: 'Add `proxy_set_header Upgrade $http_upgrade;` to the API location.',
  },
  CX207: {
    title: 'The Connection header does not come from the upgrade map',
    explanation:
      'Connection is hop-by-hop and must be rebuilt per request: "upgrade" ' +
      'for WebSocket handshakes and "close" for the rest. Without it nginx ' +
      'sends Connection: close and upgrades fail.',
    fix:
      'Add `proxy_set_header Connection $connection_upgrade;` to the API ' +
      'location.',
  },
  CX208: {
    title: 'Connection "upgrade" is set unconditionally',
    explanation:
      'A literal Connection upgrade header is sent on every request, ' +
      'including normal REST calls, which then fail with transport errors ' +
      'or hang. This is a known production pitfall of this stack.',
    fix:
      'Use `proxy_set_header Connection $connection_upgrade;` with the ' +
      '$http_upgrade map.',
  },
  CX209: {
    title: 'WebSocket upgrade is configured for the API',
    explanation:
      'The API location uses HTTP/1.1 and forwards Upgrade and a Connection ' +
      'header from the $http_upgrade map, so WebSockets upgrade and plain ' +
      'calls close normally.',
    fix: 'Nothing to change.',
  },
  CX501: {
    title: 'Unbalanced braces in the nginx configuration',
    explanation:
      'A block is opened and never closed, or closed twice. nginx refuses ' +
      'to start or reload, and the remaining directives may belong to ' +
      'another block than intended.',
    fix: 'Balance the braces at the reported line.',
  },
  CX502: {
    title: 'Missing semicolon in the nginx configuration',
    explanation:
      'A directive is not terminated by ";". nginx reads the next line as ' +
      'more arguments and refuses the configuration.',
    fix: 'Add ";" at the end of the reported directive.',
  },
  CX503: {
    title: 'Unterminated quote in the nginx configuration',
    explanation:
      'A quoted string never ends, so nginx reads the rest of the file into ' +
      'it and refuses the configuration.',
    fix: 'Close the quote at the reported line.',
  },
  CX504: {
    title: 'Stray token in the nginx configuration',
    explanation:
      'A ";" or "{" appears where no directive name precedes it. nginx ' +
      'reports "unexpected" and refuses the configuration.',
    fix: 'Remove the stray character at the reported line.',
  },
  CX505: {
    title: 'No server block in the nginx configuration',
    explanation:
      'The file defines no server block, so it routes nothing by itself. It ' +
      'may be a fragment that another file includes.',
    fix:
      'Analyze the file that contains the server block (for example ' +
      'conf.d/default.conf).',
  },
  CX506: {
    title: 'No location proxies the API',
    explanation:
      'Requests for the API prefix are not passed to the backend by any ' +
      'server block, so nginx answers them itself (typically with the React ' +
      'index.html or 404).',
    fix:
      'Add `location /api/v1/ { proxy_pass http://backend:8000; ... }` to ' +
      'the gateway server.',
  },
} as const satisfies Record<string, CodeInfo>;
