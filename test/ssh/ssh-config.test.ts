import { describe, expect, it } from 'vitest';
import { sshSchema } from '../../src/config/schema.js';
import {
  lookupSshConfig, resolveTarget, type LocalEnv,
} from '../../src/services/ssh/ssh-config.js';

const env: LocalEnv = { home: '/home/op', username: 'op', authSock: '/tmp/agent.sock' };

const text = `
# the first value found for a keyword wins
Host prod
  HostName 10.1.2.3
  Port 2201
  User deploy
  IdentityFile ~/.ssh/prod_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile ~/.ssh/prod_known_hosts

Host *.lab !bad.lab
  User labber
  Port=2222

Match host prod exec "false"
  User never

Host "quoted"
  HostName "q.example.com"

Host prod *
  User fallback
  Port 2299
  IdentityFile ~/.ssh/id_other
Include ~/.ssh/config.d/*
`;

describe('lookupSshConfig', () => {
  it.each([
    ['prod', { hostname: '10.1.2.3', port: '2201', user: 'deploy',
      identityfile: '~/.ssh/prod_ed25519', identitiesonly: 'yes',
      userknownhostsfile: '~/.ssh/prod_known_hosts' }],
    ['x.lab', { user: 'labber', port: '2222', identityfile: '~/.ssh/id_other' }],
    ['bad.lab', { user: 'fallback', port: '2299', identityfile: '~/.ssh/id_other' }],
    ['other', { user: 'fallback', port: '2299', identityfile: '~/.ssh/id_other' }],
  ])('%s', (alias, expected) => {
    expect(lookupSshConfig(text, alias)).toEqual(expected);
  });

  it('skips Match blocks and reads quoted values', () => {
    expect(lookupSshConfig(text, 'prod').user).toBe('deploy');
    expect(lookupSshConfig('Host q\n  HostName "a b"\n', 'q').hostname).toBe('a b');
  });
});

describe('resolveTarget', () => {
  const base = { host: 'prod' };

  it('follows ~/.ssh/config when cortex-ops leaves fields out', () => {
    expect(resolveTarget(sshSchema.parse(base), text, env)).toEqual({
      host: 'prod', hostname: '10.1.2.3', port: 2201, user: 'deploy',
      identityFile: '/home/op/.ssh/prod_ed25519', identitiesOnly: true,
      knownHostsFile: '/home/op/.ssh/prod_known_hosts', agent: false,
      agentSocket: undefined, connectTimeoutSec: 10,
    });
  });

  it('lets explicit cortex-ops values win', () => {
    const ssh = sshSchema.parse({
      host: 'prod', port: 2022, user: 'root', identityFile: '/keys/id',
      knownHostsFile: '/state/known_hosts', connectTimeout: 3,
    });
    expect(resolveTarget(ssh, text, env)).toMatchObject({
      hostname: '10.1.2.3', port: 2022, user: 'root', identityFile: '/keys/id',
      knownHostsFile: '/state/known_hosts', connectTimeoutSec: 3,
    });
  });

  it('uses the agent and the login name when nothing else is said', () => {
    expect(resolveTarget(sshSchema.parse({ host: '127.0.0.1' }), '', env)).toEqual({
      host: '127.0.0.1', hostname: '127.0.0.1', port: 22, user: 'op',
      identityFile: undefined, identitiesOnly: false,
      knownHostsFile: '/home/op/.ssh/known_hosts', agent: true,
      agentSocket: '/tmp/agent.sock', connectTimeoutSec: 10,
    });
  });

  it('keeps the agent beside a key from ~/.ssh/config without IdentitiesOnly', () => {
    const t = resolveTarget(sshSchema.parse({ host: 'x.lab' }), text, env);
    expect(t).toMatchObject({ identityFile: '/home/op/.ssh/id_other', agent: true,
      identitiesOnly: false, port: 2222, user: 'labber' });
  });

  it('does not use the agent when it is switched off or absent', () => {
    const off = sshSchema.parse({ host: 'h', agent: false });
    expect(resolveTarget(off, '', env).agent).toBe(false);
    expect(resolveTarget(sshSchema.parse({ host: 'h' }), '', { ...env, authSock: undefined })
      .agent).toBe(false);
  });
});
