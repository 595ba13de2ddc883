import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import { workspaceFindings } from '../../src/workflows/deploy/static-checks.js';

const SAMPLE = new URL('../../lab/sample-stack', import.meta.url).pathname;
const NGINX = 'app/frontend/nginx/nginx.conf';
let ws: string;

beforeEach(async () => {
  ws = await mkdtemp(path.join(tmpdir(), 'cx-static-'));
  await cp(SAMPLE, ws, { recursive: true });
});

afterEach(() => rm(ws, { recursive: true, force: true }));

function config() {
  return parseConfig(`
edge: {controlPlaneUrl: 'http://127.0.0.1:1', adminUrl: 'http://127.0.0.1:2',
  publicUrl: 'https://localhost:3'}
gateway: {host: 127.0.0.1}
ssh: {host: 127.0.0.1}
project: {workspace: ${ws}, remoteDir: /srv/app/cortex-hub}
`, path.join(ws, 'cortex-ops.yaml'));
}

async function edit(rel: string, from: string, to: string): Promise<void> {
  const file = path.join(ws, rel);
  const text = await readFile(file, 'utf8');
  expect(text).toContain(from);
  await writeFile(file, text.replace(from, to));
}

describe('preflight\'s troubleshoot checks on the workspace', () => {
  it('find nothing blocking in the sample stack', async () => {
    const results = await workspaceFindings(config());
    expect(results.filter((r) => r.blocks)).toEqual([]);
    expect(results.map((r) => r.finding.code)).toEqual(
      expect.arrayContaining(['CX105', 'CX209', 'CX114']));
  });

  it('block a release whose nginx sets X-Forwarded-Proto from $scheme, naming the line',
    async () => {
    await edit(NGINX, 'X-Forwarded-Proto $http_x_forwarded_proto', 'X-Forwarded-Proto $scheme');
    const blocking = (await workspaceFindings(config())).filter((r) => r.blocks);
    expect(blocking.map((r) => r.finding.code)).toContain('CX103');
    const cx103 = blocking.find((r) => r.finding.code === 'CX103')!.finding;
    expect(cx103.evidence[0]).toMatchObject({ file: NGINX, line: 32 });
  });

  it('block a compose file that publishes one host port twice', async () => {
    await edit('docker-compose.yml', '      - "8002:80"', '      - "8002:80"\n      - "8002:81"');
    const blocking = (await workspaceFindings(config())).filter((r) => r.blocks);
    expect(blocking.map((r) => r.finding.code)).toContain('CX303');
  });
});
