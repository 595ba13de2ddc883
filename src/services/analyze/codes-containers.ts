/**
 * Catalogue entries for the container checks: the uvicorn command line
 * (CX11x) and docker-compose.yml (CX3xx).
 */
import type { CodeInfo } from './findings.js';

/** Codes emitted by uvicorn.ts and compose-checks.ts. */
export const CONTAINER_CODES = {
  CX110: {
    title: 'No uvicorn or gunicorn command line found',
    explanation:
      'Neither CMD, ENTRYPOINT nor the compose command starts uvicorn ' +
      '(directly, via `python -m uvicorn`, or as a gunicorn UvicornWorker), ' +
      'so the proxy-header flags cannot be checked. The server may be ' +
      'started from Python code with uvicorn.run(), where the same options ' +
      'must be passed as arguments.',
    fix:
      'Start the backend with `uvicorn app.main:app --proxy-headers ' +
      '--forwarded-allow-ips "*"` or check the uvicorn.run() arguments by ' +
      'hand.',
  },
  CX111: {
    title: 'Uvicorn proxy headers are not explicitly enabled',
    explanation:
      'Uvicorn reads X-Forwarded-Proto only when proxy headers are on. ' +
      'Recent uvicorn versions turn them on by default, older ones and ' +
      '`--no-proxy-headers` do not; the reference setup passes ' +
      '--proxy-headers explicitly so the behaviour does not depend on the ' +
      'version.',
    fix: 'Add `--proxy-headers` to the uvicorn command line.',
  },
  CX112: {
    title: 'Uvicorn does not trust the nginx container',
    explanation:
      'Without --forwarded-allow-ips (or the FORWARDED_ALLOW_IPS variable) ' +
      'uvicorn trusts forwarded headers only from 127.0.0.1. Nginx runs in ' +
      'another container and connects from a Docker network address, so its ' +
      'X-Forwarded-Proto is ignored and the backend sees http.',
    fix:
      'Add `--forwarded-allow-ips "*"` (or the Docker network range) to the ' +
      'uvicorn or gunicorn command.',
  },
  CX113: {
    title:
      'Forwarded headers are trusted from anyone and the backend port is ' +
      'published',
    explanation:
      'With --forwarded-allow-ips "*" the backend believes any peer. That ' +
      'is safe only while the backend port is reachable from nginx alone; ' +
      'it is published on the host, so anyone who can reach that port can ' +
      'forge X-Forwarded-For and X-Forwarded-Proto.',
    fix:
      'Stop publishing the backend port (use `expose`) or narrow ' +
      '--forwarded-allow-ips to the Docker network range.',
  },
  CX114: {
    title: 'Uvicorn trusts forwarded headers from the gateway',
    explanation:
      'Proxy headers are enabled and the trusted addresses include the ' +
      'nginx container, so the backend sees the scheme the user saw.',
    fix: 'Nothing to change.',
  },
  CX115: {
    title: 'Forwarded headers are trusted only from fixed addresses',
    explanation:
      'The trusted list names specific addresses. Docker gives the nginx ' +
      'container a new address when networks are recreated, after which its ' +
      'X-Forwarded-Proto is ignored without any error.',
    fix:
      'Trust the Docker network range (a CIDR such as 172.16.0.0/12, on ' +
      'uvicorn 0.29+) or "*" while the backend port is not published.',
  },
  CX116: {
    title: 'The trusted address list contains literal quote characters',
    explanation:
      'In exec form (a JSON array) and in compose command lists no shell ' +
      'removes quotes, so `--forwarded-allow-ips="*"` passes the three ' +
      'characters "*" to uvicorn. That matches no address and nothing is ' +
      'trusted.',
    fix:
      'Write the value without quotes in exec form: ' +
      '["--forwarded-allow-ips", "*"].',
  },
  CX117: {
    title: 'CMD or ENTRYPOINT looks like JSON but is not',
    explanation:
      'Docker treats a bracketed CMD that is not valid JSON (single quotes, ' +
      'trailing commas) as shell form and runs it through /bin/sh -c, ' +
      'where the brackets become part of the command and the container ' +
      'fails to start.',
    fix:
      'Use double quotes and no trailing comma: CMD ["uvicorn", ' +
      '"app.main:app"].',
  },
  CX301: {
    title: 'The compose file is not valid YAML',
    explanation:
      'docker compose cannot read the file, so no release can start any ' +
      'container from it.',
    fix: 'Fix the YAML at the reported line (indentation, quotes, brackets).',
  },
  CX302: {
    title: 'The compose file defines no services',
    explanation:
      'There is no `services:` mapping with at least one service, so this ' +
      'is not a usable compose file.',
    fix:
      'Check that the right file was given and that `services:` is at the ' +
      'top level.',
  },
  CX303: {
    title: 'Two port mappings publish the same host port',
    explanation:
      'Only one container can bind a host port. The second one fails to ' +
      'start with "port is already allocated", which looks like a dead ' +
      'frontend after a release.',
    fix: 'Give each service its own host port, or publish only the gateway.',
  },
  CX304: {
    title: 'The gateway service is not in the compose file',
    explanation:
      'No service has the configured gateway name or container_name, so its ' +
      'port mapping cannot be checked.',
    fix: 'Check gateway.service and gateway.container in cortex-ops.yaml.',
  },
  CX305: {
    title: 'The gateway does not publish the expected host port',
    explanation:
      'The edge proxy sends traffic to the gateway host port from the ' +
      'configuration. If compose publishes another port (or none), the edge ' +
      'reaches nothing and users see 503 from Envoy.',
    fix:
      'Publish the gateway as "HOSTPORT:80" in compose, or update the edge ' +
      'cluster to the published port.',
  },
  CX306: {
    title: 'The gateway host port leads to the wrong container port',
    explanation:
      'The expected host port is published, but to a container port nginx ' +
      'does not listen on, so connections are refused or reset.',
    fix: 'Map the host port to the port nginx listens on (80 by default).',
  },
  CX307: {
    title: 'The gateway port is published on a loopback address only',
    explanation:
      'A mapping such as "127.0.0.1:8002:80" accepts connections from the ' +
      'Docker host itself only; the edge proxy on another machine cannot ' +
      'reach it.',
    fix:
      'Publish on all addresses ("8002:80") or on the address the edge ' +
      'uses.',
  },
  CX308: {
    title: 'The gateway publishes the expected port',
    explanation:
      'Compose publishes the configured host port to the nginx container ' +
      'port.',
    fix: 'Nothing to change.',
  },
  CX309: {
    title: 'The backend port is published on the host',
    explanation:
      'The backend should be reachable only through nginx. Publishing it ' +
      'bypasses the gateway and, with --forwarded-allow-ips "*", lets ' +
      'anyone forge forwarded headers. It can also collide with other ' +
      'containers on the host.',
    fix: 'Replace the `ports` entry with `expose`.',
  },
  CX310: {
    title: 'A port entry cannot be read',
    explanation:
      'The entry does not follow the compose port syntax, so docker compose ' +
      'will reject it or publish something unexpected.',
    fix:
      'Use "HOST:CONTAINER" in quotes, or the long form with target and ' +
      'published.',
  },
  CX311: {
    title: 'An unquoted port mapping may be read as a base-60 number',
    explanation:
      'YAML 1.1 parsers, such as the one in Compose v1, read unquoted ' +
      'values like 2222:22 as a base-60 integer, so the mapping is silently ' +
      'wrong.',
    fix: 'Quote port mappings: "2222:22".',
  },
} as const satisfies Record<string, CodeInfo>;
