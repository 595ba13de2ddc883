import { describe, expect, it } from 'vitest';
import {
  composeBuild, composeConfigCheck, composeLogs, composePs, composeUp, parseComposeVersion,
  scriptFlow, type ComposeTarget,
} from '../../src/services/compose/argv.js';
import {
  chooseImages, composeFileVersion, composeServiceModels, imageOverrideYaml, imagesToRemove,
  listReleaseImagesArgv,
  parseImageOverride, parseOverrides, readOverridesArgv, releaseImage, removeImagesArgv,
  servicesWithChangedBinds,
} from '../../src/services/compose/images.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runLocal } from '../../src/services/runner.js';
import { emptyBuild, foldBuildLine } from '../../src/services/compose/progress.js';

const v1: ComposeTarget = {
  flavor: 'v1', project: 'cortex-hub', files: ['/srv/app/docker-compose.yml', '/srv/app/o.yml'],
  projectDir: '/srv/app',
};
const v2: ComposeTarget = { ...v1, flavor: 'v2' };
const BASE1 = ['docker-compose', '-p', 'cortex-hub', '-f', '/srv/app/docker-compose.yml',
  '-f', '/srv/app/o.yml', '--project-directory', '/srv/app'];
const BASE2 = ['docker', 'compose', ...BASE1.slice(1)];

describe('compose detection', () => {
  it('reads v2 and v1 version output', () => {
    expect(parseComposeVersion('v2', '2.24.6\n')).toEqual({ flavor: 'v2', version: '2.24.6' });
    expect(parseComposeVersion('v2', 'v2.29.1-desktop.1'))
      .toEqual({ flavor: 'v2', version: '2.29.1-desktop.1' });
    expect(parseComposeVersion('v1', '1.29.2\n')).toEqual({ flavor: 'v1', version: '1.29.2' });
    expect(parseComposeVersion('v1', 'docker-compose version 1.29.2, build unknown'))
      .toEqual({ flavor: 'v1', version: '1.29.2' });
    expect(parseComposeVersion('v2', "docker: 'compose' is not a docker command."))
      .toBeUndefined();
  });
});

describe('compose argv', () => {
  it('pins the project and files for both flavors', () => {
    expect(composeConfigCheck(v1)).toEqual([...BASE1, 'config', '-q']);
    expect(composeConfigCheck(v2)).toEqual([...BASE2, 'config', '-q']);
  });

  it('builds with plain progress on v2 only', () => {
    expect(composeBuild(v1, ['backend'])).toEqual([...BASE1, 'build', 'backend']);
    expect(composeBuild(v2)).toEqual([...BASE2, '--progress', 'plain', 'build']);
  });

  it('brings the release up without building; force-recreates named services', () => {
    expect(composeUp(v1)).toEqual([...BASE1, 'up', '-d', '--remove-orphans', '--no-build']);
    expect(composeUp(v1, ['frontend'])).toEqual([...BASE1, 'up', '-d', '--remove-orphans',
      '--no-build', '--no-deps', '--force-recreate', 'frontend']);
  });

  it('ps, logs and the scripts flow', () => {
    expect(composePs(v1)).toEqual([...BASE1, 'ps']);
    expect(composePs(v2)).toEqual([...BASE2, 'ps', '--all', '--format', 'json']);
    expect(composeLogs(v1, ['backend'], 20, true))
      .toEqual([...BASE1, 'logs', '--no-color', '--tail', '20', '-f', 'backend']);
    expect(scriptFlow(v1)).toEqual([[...BASE1, 'down'],
      [...BASE1, 'up', '-d', '--build', '--remove-orphans']]);
  });
});

const COMPOSE = `version: "3.8"
services:
  backend:
    build: {context: ., dockerfile: app/ai-hub/Dockerfile}
    volumes: ["./data:/data"]
  frontend:
    build: .
    volumes:
      - ./app/frontend/nginx:/etc/nginx/conf.d:ro
      - type: bind
        source: ./static
        target: /static
  db:
    image: postgres:16
    volumes: ["pg:/var/lib/postgresql/data"]
`;

describe('release images', () => {
  it('models services: built or not, bind sources', () => {
    expect(composeServiceModels(COMPOSE)).toEqual([
      { name: 'backend', builds: true, binds: ['data'] },
      { name: 'frontend', builds: true, binds: ['app/frontend/nginx', 'static'] },
      { name: 'db', builds: false, binds: [] },
    ]);
    expect(composeFileVersion(COMPOSE)).toBe('3.8');
  });

  it('names and writes per-release images, and reads them back', () => {
    expect(releaseImage('cortex-hub', 'Backend', '20261203T000000Z-abcd'))
      .toBe('cortex-ops/cortex-hub-backend:20261203T000000Z-abcd');
    const text = imageOverrideYaml('R', { frontend: 'f:R', backend: 'b:R' }, '3.8');
    expect(text).toBe('# Written by cortex-ops for release R: the image each built service ' +
      'runs.\n# Compose reads it after the project\'s own file; do not edit.\nversion: "3.8"\n' +
      'services:\n  backend:\n    image: b:R\n  frontend:\n    image: f:R\n');
    expect(parseImageOverride(text)).toEqual({ backend: 'b:R', frontend: 'f:R' });
  });

  it('keeps the previous tag where the image did not change', () => {
    expect(chooseImages(
      { backend: { image: 'b:new', id: 'sha:1' }, frontend: { image: 'f:new', id: 'sha:2' } },
      { backend: { image: 'b:old', id: 'sha:9' }, frontend: { image: 'f:old', id: 'sha:2' } },
    )).toEqual({ backend: 'b:new', frontend: 'f:old' });
  });

  it('finds services whose bind-mounted files changed', () => {
    const models = composeServiceModels(COMPOSE);
    expect(servicesWithChangedBinds(models, ['app/frontend/nginx/nginx.conf']))
      .toEqual(['frontend']);
    expect(servicesWithChangedBinds(models, ['app/frontend/nginxx'])).toEqual([]);
  });
});

describe('removing the images of pruned releases', () => {
  const B = (tag: string) => `cortex-ops/cortex-hub-backend:${tag}`;
  const F = (tag: string) => `cortex-ops/cortex-hub-frontend:${tag}`;

  it('builds its commands as exact argument arrays', () => {
    expect(readOverridesArgv(['/r/A/o.yml', '/r/it\'s/o.yml'])).toEqual(['sh', '-c',
      'for f in "$@"; do printf "== %s\\n" "$f"; cat "$f" 2>/dev/null || true; done', 'sh',
      '/r/A/o.yml', '/r/it\'s/o.yml']);
    expect(removeImagesArgv([B('A')])).toEqual(['sh', '-c', 'for i in "$@"; do docker image rm ' +
      '"$i" >/dev/null 2>&1 && printf "%s\\n" "$i"; done; true', 'sh', B('A')]);
  });

  it('reads every release\'s override through a real shell, a missing one as empty', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cx-overrides-'));
    try {
      const a = path.join(dir, 'A.yml');
      const c = path.join(dir, 'C.yml');
      await writeFile(a, imageOverrideYaml('A', { backend: B('A'), frontend: F('A') }));
      await writeFile(c, imageOverrideYaml('C', { backend: B('C'), frontend: F('A') }));
      const missing = path.join(dir, 'B.yml');
      const out = await runLocal(readOverridesArgv([a, missing, c]), { timeoutMs: 5000 });
      // A release without an override (one adopted from the old scripts) may come last.
      const last = await runLocal(readOverridesArgv([a, missing]), { timeoutMs: 5000 });
      expect(last.code).toBe(0);
      expect(parseOverrides(out.stdout)).toEqual({
        [a]: { backend: B('A'), frontend: F('A') },
        [missing]: {},
        [c]: { backend: B('C'), frontend: F('A') },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps what a kept release names, what runs, and anything not tagged by cortex-ops', () => {
    const pruned: Record<string, string>[] = [{ backend: B('A'), frontend: F('P') },
      { backend: B('B'), db: 'postgres:16' }, { backend: B('X') }];
    // The frontend has not changed since P: release C still runs P's frontend image. A's
    // own frontend tag went unused and goes; so does P's once nothing kept names it.
    const kept = [{ backend: B('C'), frontend: F('P') }];
    const present = [B('A'), F('A'), B('B'), F('B'), B('C'), F('C'), F('P'), B('X')];
    expect(imagesToRemove({ prunedIds: ['A', 'B'], pruned, kept, running: [B('X')], present }))
      .toEqual([B('A'), B('B'), F('A'), F('B')]);
    expect(imagesToRemove({ prunedIds: ['A', 'B', 'P'], pruned, kept: [{ backend: B('C') }],
      running: [], present })).toEqual([B('A'), B('B'), B('X'), F('A'), F('B'), F('P')]);
    expect(imagesToRemove({ prunedIds: [], pruned: [], kept, running: [], present })).toEqual([]);
    expect(listReleaseImagesArgv()).toEqual(['docker', 'image', 'ls', '--filter',
      'reference=cortex-ops/*', '--format', '{{.Repository}}:{{.Tag}}']);
  });
});

describe('build progress', () => {
  it('follows v1 classic builder output per service', () => {
    let p = emptyBuild();
    for (const l of ['Building backend', 'Step 1/3 : FROM base', ' ---> abc', 'Step 3/3 : CMD x',
      'Successfully built 123', 'Building frontend', 'Step 2/6 : RUN rm']) {
      p = foldBuildLine(p, l);
    }

    expect(p.services.backend).toEqual({ step: 3, total: 3, done: true,
      last: 'Successfully built 123' });
    expect(p.services.frontend).toEqual({ step: 2, total: 6, done: false,
      last: 'Step 2/6 : RUN rm' });
    expect(p.current).toBe('frontend');
  });

  it('follows v2 plain BuildKit lines', () => {
    const p = foldBuildLine(emptyBuild(), '#7 [backend 2/5] COPY app ./app');
    expect(p.services.backend).toMatchObject({ step: 2, total: 5 });
  });
});
