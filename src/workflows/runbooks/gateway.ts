/**
 * The gateway's own health: nginx.conf read statically for syntax, then `nginx -t` inside
 * the gateway container, which is what a reload would run.
 */
import { checkNginx } from '../../services/analyze/index.js';
import { liveFinding } from './codes.js';
import { stackFiles } from './files.js';
import { nginxTestArgv } from './host.js';
import type { Check, Runbook } from './model.js';
import { analyze, callOpts } from './util.js';

const syntax: Check = {
  id: 'nginx-syntax', title: 'nginx.conf parses and proxies the API', kind: 'static',
  async run(ctx, signal) {
    const files = await stackFiles(ctx, signal);
    return analyze(files.nginx, 'nginx.conf', files.hostError,
      (f) => checkNginx(f.text, f.file, { wsPath: ctx.config.backend.wsPath }),
      (code) => /^CX5\d\d$/.test(code));
  },
};

const nginxT: Check = {
  id: 'nginx-t', title: 'nginx -t inside the gateway container', kind: 'live',
  async run(ctx, signal) {
    const argv = nginxTestArgv(ctx.config.gateway.container);
    const res = await ctx.host.exec(argv, callOpts(ctx, signal));
    const lines = `${res.stderr}\n${res.stdout}`.split('\n').map((l) => l.trim()).filter(Boolean);
    const evidence = lines.slice(-4).map((text) => ({ file: argv.join(' '), text }));
    if (res.code === 0) {
      return [liveFinding('CX602', 'ok', 'nginx accepts its configuration.', evidence)];
    }

    if (/is not running|No such container/i.test(res.stderr)) {
      return [liveFinding('CX690', 'warning', `nginx -t could not run: ${lines[0] ?? ''}`,
        evidence)];
    }

    const first = lines.find((l) => /emerg|error|failed/i.test(l)) ?? lines[0] ?? 'no output';
    return [liveFinding('CX601', 'failing', first, evidence)];
  },
};

/** nginx refuses its configuration. */
export const gatewayRunbook: Runbook = {
  id: 'nginx-config',
  title: 'nginx configuration',
  symptom: 'The gateway does not come back after a reload or a release.',
  checks: [syntax, nginxT],
};
