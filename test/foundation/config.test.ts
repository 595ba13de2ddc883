import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, findConfigFile, loadConfig, parseConfig } from '../../src/config/load.js';

const example = readFileSync(new URL('../../examples/cortex-hub.yaml', import.meta.url), 'utf8');

function errorOf(text: string): ConfigError {
  try {
    parseConfig(text, 'bad.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }

  throw new Error('expected a ConfigError');
}

describe('config loading', () => {
  it('loads the reference example with its documented values', () => {
    const config = parseConfig(example, '/etc/cortex/cortex-ops.yaml');
    expect(config.edge.controlPlaneUrl).toBe('http://192.168.68.90:8090');
    expect(config.edge.cluster).toBe('_ai_unified_server');
    expect(config.gateway)
      .toMatchObject({ host: '192.168.68.113', port: 8002, container: 'ai_unified_frontend' });
    expect(config.backend).toMatchObject({ container: 'ai_hub_service', port: 8000 });
    expect(config.project.remoteDir).toBe('/home/coder/project/cortex-hub');
    expect(config.project.excludes).toEqual(['.git', 'node_modules', '__pycache__']);
    expect(config.edge.publicUrl).toBe('https://ai.jerxie.com');
    // Relative paths resolve from the config file's folder.
    expect(config.project.workspace).toBe('/etc/cortex');
  });

  it('names file, line, column and field for a wrong type', () => {
    const err = errorOf(example.replace('  port: 8002', '  port: "eight"'));
    expect(err.message).toBe('bad.yaml:16:3: gateway.port: expected a number, got "eight"');
    expect([err.line, err.column, err.field]).toEqual([16, 3, 'gateway.port']);
  });

  it('points an unknown key at the key itself', () => {
    const err = errorOf(example.replace('  cluster: _ai', '  clustr: _ai'));
    expect(err.message).toBe('bad.yaml:12:3: edge.clustr: unknown key clustr');
  });

  it('points a missing section at the map that should hold it', () => {
    const err = errorOf(example.replace(/ssh:[\s\S]*?\n\n/, ''));
    expect(err.message).toMatch(/^bad\.yaml:\d+:1: ssh: is required \(an object\)$/);
  });

  it('reports broken YAML with its position and no stack', () => {
    const err = errorOf('edge:\n  controlPlaneUrl: [http://x\n');
    expect(err.message).toMatch(/^bad\.yaml:\d+:\d+: not valid YAML: /);
    expect(err.message).not.toContain('\n');
  });

  it('rejects a relative remote directory with words', () => {
    const err = errorOf(example.replace('remoteDir: /home/coder', 'remoteDir: home/coder'));
    expect(err.message).toContain('project.remoteDir: must be an absolute path on the host');
  });

  it('says when the file cannot be read', () => {
    expect(() => loadConfig('/nonexistent/cortex-ops.yaml')).toThrow(
      '/nonexistent/cortex-ops.yaml:1:1: cannot read config: no such file');
  });

  it('finds --config first, then ./cortex-ops.yaml, then the user config dir', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cx-find-'));
    const cwd = path.join(root, 'work');
    const xdg = path.join(root, 'xdg');
    mkdirSync(cwd);
    mkdirSync(path.join(xdg, 'cortex-ops'), { recursive: true });
    const env = { XDG_CONFIG_HOME: xdg };
    expect(findConfigFile(undefined, cwd, env)).toBeUndefined();
    writeFileSync(path.join(xdg, 'cortex-ops', 'cortex-ops.yaml'), example);
    const user = path.join(xdg, 'cortex-ops', 'cortex-ops.yaml');
    expect(findConfigFile(undefined, cwd, env)).toBe(user);
    writeFileSync(path.join(cwd, 'cortex-ops.yaml'), example);
    expect(findConfigFile(undefined, cwd, env)).toBe(path.join(cwd, 'cortex-ops.yaml'));
    expect(findConfigFile('other.yaml', cwd, env)).toBe(path.join(cwd, 'other.yaml'));
  });
});
