import { describe, expect, it } from 'vitest';
import {
  buildSshArgs, buildSshOptions, sshCommandString,
} from '../../src/services/ssh/ssh-args.js';
import type { SshTarget } from '../../src/services/ssh/ssh-config.js';

const target: SshTarget = {
  host: 'prod', hostname: '10.1.2.3', port: 2201, user: 'deploy',
  identityFile: '/home/op/.ssh/id_ed25519', identitiesOnly: true,
  knownHostsFile: '/home/op/.ssh/known_hosts', agent: false, connectTimeoutSec: 10,
};

describe('buildSshArgs', () => {
  it('builds the exact argv with a key', () => {
    expect(buildSshArgs(target)).toEqual([
      '-p', '2201',
      '-o', 'BatchMode=yes',
      '-o', 'StrictHostKeyChecking=yes',
      '-o', 'UserKnownHostsFile=/home/op/.ssh/known_hosts',
      '-o', 'IdentitiesOnly=yes',
      '-i', '/home/op/.ssh/id_ed25519',
      '-o', 'ConnectTimeout=10',
      '-o', 'ServerAliveInterval=15',
      '-o', 'ServerAliveCountMax=3',
      '-l', 'deploy',
      '10.1.2.3',
    ]);
  });

  it('leaves out the key options when the agent is used', () => {
    const agentOnly = { ...target, identityFile: undefined, identitiesOnly: false, agent: true,
      port: 22, connectTimeoutSec: 5 };
    expect(buildSshArgs(agentOnly)).toEqual([
      '-p', '22', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes',
      '-o', 'UserKnownHostsFile=/home/op/.ssh/known_hosts', '-o', 'ConnectTimeout=5',
      '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=3', '-l', 'deploy', '10.1.2.3',
    ]);
  });

  it('double-quotes a known_hosts path with spaces inside the option', () => {
    const spaced = { ...target, knownHostsFile: '/home/o p/kh' };
    expect(buildSshOptions(spaced)).toContain('UserKnownHostsFile="/home/o p/kh"');
  });

  it('builds options without the host for rsync', () => {
    expect(buildSshOptions(target)).toEqual(buildSshArgs(target).slice(0, -1));
  });
});

describe('sshCommandString', () => {
  it('quotes for rsync -e', () => {
    expect(sshCommandString(buildSshOptions({ ...target, identityFile: '/k/my key' })))
      .toBe('ssh -p 2201 -o BatchMode=yes -o StrictHostKeyChecking=yes ' +
        '-o UserKnownHostsFile=/home/op/.ssh/known_hosts -o IdentitiesOnly=yes ' +
        "-i '/k/my key' -o ConnectTimeout=10 -o ServerAliveInterval=15 " +
        '-o ServerAliveCountMax=3 -l deploy');
  });
});
