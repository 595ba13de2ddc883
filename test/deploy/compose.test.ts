import { describe, expect, it } from 'vitest';
import {
  composeBuild, composeConfigCheck, composeLogs, composePs, composeUp, parseComposeVersion,
  scriptFlow, type ComposeTarget,
} from '../../src/services/compose/argv.js';
import {
  chooseImages, composeFileVersion, composeServiceModels, imageOverrideYaml,
  parseImageOverride, releaseImage, servicesWithChangedBinds,
} from '../../src/services/compose/images.js';
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
