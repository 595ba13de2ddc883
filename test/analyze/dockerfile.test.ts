import { describe, expect, it } from 'vitest';

import {
  checkBackendLaunch,
  checkDockerfile,
  imageLaunch,
  parseDockerfile,
} from '../../src/services/analyze/index.js';
import { fixture, summarize } from './helpers.js';

const good = '["uvicorn", "app.main:app", "--proxy-headers", "--forwarded-allow-ips", "*"]';

describe('parseDockerfile', () => {
  it('joins continuations, drops comments inside them and keeps start lines', () => {
    const found = parseDockerfile(fixture('docker/continuation.Dockerfile'));
    expect(found.map((i) => [i.keyword, i.line])).toEqual([
      ['FROM', 1], ['WORKDIR', 2], ['RUN', 3], ['CMD', 6],
    ]);
    expect(found[3]?.args).toBe(
      'uvicorn app.main:app  --host 0.0.0.0  --port 8000  --forwarded-allow-ips="*"',
    );
  });

  it('skips heredoc bodies', () => {
    const text = `FROM x\nRUN <<EOF\nCMD ["fake"]\nEOF\nCMD ${good}\n`;
    expect(parseDockerfile(text).map((i) => [i.keyword, i.line])).toEqual([
      ['FROM', 1], ['RUN', 2], ['CMD', 5],
    ]);
  });

  it('reads ENV in both forms', () => {
    const text = 'FROM x\nENV A=1 B="two words"\nENV C three words\n';
    expect(imageLaunch(parseDockerfile(text)).env).toEqual({
      A: { value: '1', line: 2 },
      B: { value: 'two words', line: 2 },
      C: { value: 'three words', line: 3 },
    });
  });
});

interface Case {
  name: string;
  text: string;
  published?: boolean;
  expected: string[];
}

const files: Case[] = [
  {
    name: 'exec form CMD',
    text: fixture('docker/exec-good.Dockerfile'),
    expected: ['CX114 ok @9'],
  },
  {
    name: 'exec form CMD with the backend port published',
    text: fixture('docker/exec-good.Dockerfile'),
    published: true,
    expected: ['CX113 warning @9'],
  },
  {
    name: 'shell form, lower-case keyword, quoted "*"',
    text: fixture('docker/shell-form.Dockerfile'),
    expected: ['CX114 ok @4'],
  },
  {
    name: 'shell form with the backend port published',
    text: fixture('docker/shell-form.Dockerfile'),
    published: true,
    expected: ['CX113 warning @4'],
  },
  {
    name: 'ENTRYPOINT python -m uvicorn + CMD from a named stage',
    text: fixture('docker/entrypoint-cmd.Dockerfile'),
    expected: ['CX112 failing @6,7'],
  },
  {
    name: 'sh -c wrapper with exec',
    text: fixture('docker/sh-c.Dockerfile'),
    expected: ['CX114 ok @3'],
  },
  {
    name: 'continuation lines without --proxy-headers',
    text: fixture('docker/continuation.Dockerfile'),
    expected: ['CX111 warning @6', 'CX114 ok @6'],
  },
  {
    name: 'exec form passing literal quotes',
    text: fixture('docker/quoted-exec.Dockerfile'),
    expected: ['CX116 failing @2'],
  },
  {
    name: 'no --forwarded-allow-ips',
    text: fixture('docker/no-allow.Dockerfile'),
    expected: ['CX112 failing @3'],
  },
  {
    name: 'gunicorn UvicornWorker trusting via ENV',
    text: fixture('docker/gunicorn.Dockerfile'),
    expected: ['CX114 ok @2'],
  },
];

const df = (...lines: string[]): string => ['FROM python:3.11-slim', ...lines].join('\n');

const inline: Case[] = [
  {
    name: '--no-proxy-headers',
    text: df('CMD ["uvicorn", "a:app", "--no-proxy-headers", "--forwarded-allow-ips=*"]'),
    expected: ['CX111 failing @2', 'CX114 ok @2'],
  },
  { name: 'python main.py', text: df('CMD ["python", "main.py"]'), expected: ['CX110 warning @2'] },
  { name: 'no command at all', text: df('WORKDIR /app'), expected: ['CX110 warning @-'] },
  {
    name: 'single-quoted pseudo JSON',
    text: df("CMD ['uvicorn', 'a:app']"),
    expected: ['CX117 warning @2', 'CX110 warning @2'],
  },
  {
    name: 'loopback only',
    text: df('CMD uvicorn a:app --proxy-headers --forwarded-allow-ips 127.0.0.1'),
    expected: ['CX112 failing @2'],
  },
  {
    name: 'a fixed container address',
    text: df('CMD uvicorn a:app --proxy-headers --forwarded-allow-ips=172.18.0.5'),
    expected: ['CX115 warning @2'],
  },
  {
    name: 'a network range',
    text: df('CMD uvicorn a:app --proxy-headers --forwarded-allow-ips=172.16.0.0/12'),
    expected: ['CX114 ok @2'],
  },
  {
    name: 'value taken from a Dockerfile variable',
    text: df('ENV TRUSTED="*"', 'CMD uvicorn a:app --proxy-headers --forwarded-allow-ips=$TRUSTED'),
    expected: ['CX114 ok @3'],
  },
  {
    name: 'inline assignment inside sh -c',
    text: df(`CMD ["sh", "-c", "FORWARDED_ALLOW_IPS='*' exec uvicorn a:app --proxy-headers"]`),
    expected: ['CX114 ok @2'],
  },
  {
    name: 'gunicorn with a config file and no flag',
    text: df('CMD gunicorn -c gunicorn.conf.py -k uvicorn.workers.UvicornWorker a:app'),
    expected: ['CX112 warning @2'],
  },
  {
    name: 'gunicorn without the flag',
    text: df('CMD ["gunicorn", "--worker-class=uvicorn.workers.UvicornWorker", "a:app"]'),
    expected: ['CX112 failing @2'],
  },
  {
    name: 'shell-form ENTRYPOINT ignores CMD',
    text: df('ENTRYPOINT uvicorn a:app --proxy-headers', 'CMD ["--forwarded-allow-ips", "*"]'),
    expected: ['CX112 failing @2'],
  },
  {
    name: 'exec ENTRYPOINT takes CMD as arguments',
    text: df(
      'ENTRYPOINT ["uvicorn"]',
      'CMD ["a:app", "--proxy-headers", "--forwarded-allow-ips", "*"]',
    ),
    expected: ['CX114 ok @2,3'],
  },
  {
    name: 'ENTRYPOINT clears a CMD inherited from the base stage',
    text: df(`CMD ${good}`, 'FROM python:3.11-slim AS base', `CMD ${good}`, 'FROM base',
      'ENTRYPOINT ["/entrypoint.sh"]'),
    expected: ['CX110 warning @6'],
  },
  {
    name: 'the final stage does not inherit from an unrelated stage',
    text: df(`CMD ${good}`, 'FROM python:3.11-slim'),
    expected: ['CX110 warning @-'],
  },
  {
    name: 'the backtick escape directive',
    text: '# escape=`\nFROM x\nCMD uvicorn a:app `\n  --proxy-headers `\n  --forwarded-allow-ips=*',
    expected: ['CX114 ok @3'],
  },
];

describe('checkDockerfile', () => {
  it.each([...files, ...inline])('$name', ({ text, published, expected }) => {
    const options = published === undefined ? {} : { backendPortPublished: published };
    expect(summarize(checkDockerfile(text, 'Dockerfile', options))).toEqual(expected);
  });
});

describe('checkBackendLaunch', () => {
  const dockerfile = { file: 'Dockerfile', text: fixture('docker/no-allow.Dockerfile') };
  const compose = (service: string): { file: string; text: string } => ({
    file: 'docker-compose.yml',
    text: `services:\n  backend:\n    build: .\n${service}`,
  });

  it('lets a compose command string override CMD and sees the published port', () => {
    const yml = { file: 'docker-compose.yml', text: fixture('compose/ports.yml') };
    const found = checkBackendLaunch({ dockerfile, compose: yml });
    expect(summarize(found)).toEqual(['CX113 warning @17']);
    expect(found[0]?.evidence[0]?.file).toBe('docker-compose.yml');
  });

  it('keeps quotes in a compose command list', () => {
    const svc =
      '    command: ["uvicorn", "a:app", "--proxy-headers",' +
      ` '--forwarded-allow-ips="*"']\n`;
    expect(summarize(checkBackendLaunch({ dockerfile, compose: compose(svc) }))).toEqual([
      'CX116 failing @4',
    ]);
  });

  it('clears the image CMD when compose sets an entrypoint', () => {
    const svc = '    entrypoint: ["/docker-entrypoint.sh"]\n';
    expect(summarize(checkBackendLaunch({ dockerfile, compose: compose(svc) }))).toEqual([
      'CX110 warning @4',
    ]);
  });

  it('takes FORWARDED_ALLOW_IPS from the compose environment', () => {
    const svc = '    environment:\n      FORWARDED_ALLOW_IPS: "*"\n';
    const found = checkBackendLaunch({ dockerfile, compose: compose(svc) });
    expect(summarize(found)).toEqual(['CX114 ok @5']);
  });

  it('lets the caller override what compose says about the published port', () => {
    const svc = '    command: uvicorn a:app --proxy-headers --forwarded-allow-ips=*\n';
    const input = { dockerfile, compose: compose(svc), backendPortPublished: true };
    expect(summarize(checkBackendLaunch(input))).toEqual(['CX113 warning @4']);
  });
});
