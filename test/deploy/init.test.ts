import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { discover, publishedPorts } from '../../src/workflows/init/discover.js';
import { renderConfig, REFERENCE, yamlScalar } from '../../src/workflows/init/render.js';
import { sampleWorkspace, scratchRoot } from './helpers.js';
import { composeProjectName } from '../../src/workflows/init/interview.js';

describe('init discovery', () => {
  let root: string;
  let ws: string;
  beforeAll(async () => {
    root = await scratchRoot();
    ws = await sampleWorkspace(root, 'unused-canary');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('reads ports in both syntaxes', () => {
    expect(publishedPorts('f', ['8002:80', '127.0.0.1:9000:90/tcp',
      { published: 8443, target: 443 }, '3000'])).toEqual([
      { service: 'f', host: 8002, container: 80 }, { service: 'f', host: 9000, container: 90 },
      { service: 'f', host: 8443, container: 443 }]);
  });

  it('finds compose, gateway, backend, nginx.conf and the Dockerfile', async () => {
    const d = await discover(ws);
    expect(d).toMatchObject({
      composeFile: 'docker-compose.yml', services: ['backend', 'frontend'],
      gatewayService: 'frontend', gatewayPort: 8002, gatewayContainer: 'ai_unified_frontend',
      backendService: 'backend', backendContainer: 'ai_hub_service', backendPort: 8000,
      backendDockerfile: 'app/ai-hub/Dockerfile', projectName: '',
    });
    expect(d.nginxConf).toBe(join(ws, 'app/frontend/nginx/nginx.conf'));
  });

  it('names the compose project after the host directory, as the old scripts did', () => {
    expect(composeProjectName('/home/coder/project/cortex-hub')).toBe('cortex-hub');
    expect(composeProjectName('/srv/My.App')).toBe('myapp');
  });

  it('writes a commented config that loads', async () => {
    const text = renderConfig({
      environment: 'production', production: true, sshHost: REFERENCE.sshHost, sshPort: 22,
      sshUser: 'coder', identityFile: '', knownHostsFile: '~/.ssh/known_hosts',
      remoteDir: REFERENCE.remoteDir, workspace: '.', composeFile: 'docker-compose.yml',
      projectName: 'cortex-hub', gatewayHost: REFERENCE.sshHost, gatewayPort: 8002,
      gatewayContainer: 'ai_unified_frontend', gatewayService: 'frontend',
      backendContainer: 'ai_hub_service', backendService: 'backend', backendPort: 8000,
      controlPlaneUrl: REFERENCE.controlPlaneUrl, adminUrl: REFERENCE.adminUrl,
      publicUrl: REFERENCE.publicUrl, cluster: REFERENCE.cluster, caFile: '',
    });
    const file = join(root, 'cortex-ops.yaml');
    await writeFile(file, text);
    const config = parseConfig(await readFile(file, 'utf8'), file);
    expect(config.ssh).toMatchObject({ host: '192.168.68.113', user: 'coder', agent: true });
    expect(config.project).toMatchObject({ remoteDir: '/home/coder/project/cortex-hub',
      workspace: root, projectName: 'cortex-hub', keepReleases: 5 });
    expect(text).toMatch(/^# The Docker host\. Keys or the agent only/m);
    expect(yamlScalar('yes')).toBe('"yes"');
    expect(yamlScalar('8002')).toBe('"8002"');
    expect(yamlScalar('http://x:1')).toBe('http://x:1');
  });
});
