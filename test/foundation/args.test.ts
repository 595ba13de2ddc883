import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../../src/cli/args.js';

describe('command line', () => {
  it('defaults to the console', () => {
    expect(parseCli([])).toMatchObject({ command: 'console', demo: false, json: false });
  });

  it('parses a command with its options', () => {
    const args = parseCli(['status', '--json', '--config', 'x.yaml', '--watch']);
    expect(args).toMatchObject({ command: 'status', json: true, config: 'x.yaml', watch: true });
  });

  it('collects repeated demo faults', () => {
    const args = parseCli(['--demo', '--demo-fault', 'oidc-scheme', '--demo-fault', 'ws-upgrade']);
    expect(args.demoFaults).toEqual(['oidc-scheme', 'ws-upgrade']);
  });

  it('refuses unknown commands and options in one line', () => {
    expect(() => parseCli(['stauts'])).toThrow(UsageError);
    expect(() => parseCli(['stauts'])).toThrow(/unknown command "stauts"/);
    expect(() => parseCli(['status', '--jsn'])).toThrow(/--jsn.*see cortex-ops --help/);
  });
});
