/**
 * The backend at run time: a container in a restart loop (with its last log lines), and
 * 502 Bad Gateway from nginx when the backend is down.
 */
import type { Evidence } from '../../services/analyze/index.js';
import { liveFinding } from './codes.js';
import { probe } from './http.js';
import type { Check, Runbook } from './model.js';
import { callOpts, containerNamed, gatewayUrl } from './util.js';

/** Restarts at or above this count, with the container not settled, make a loop. */
export const RESTART_LOOP_COUNT = 3;
const LOG_LINES = 8;

const restarts: Check = {
  id: 'backend-restarts', title: 'the backend container runs and stays up', kind: 'live',
  async run(ctx, signal) {
    const name = ctx.config.backend.container;
    const opts = callOpts(ctx, signal);
    const box = containerNamed(await ctx.host.containers(opts), name);
    if (!box) {
      return [liveFinding('CX612', 'failing', `There is no container ${name}.`,
        [{ file: `${ctx.host.label} docker ps -a`, text: `${name} missing` }])];
    }

    const count = box.restartCount ?? 0;
    const state = `${name} ${box.state}, restarted ${count} times`;
    const looping = box.state === 'restarting' ||
      (count >= RESTART_LOOP_COUNT && box.state !== 'running');
    if (box.state === 'running' && !looping) {
      return [liveFinding('CX611', 'ok', `${state}.`, [{ file: 'docker', text: state }])];
    }

    const logs = await ctx.host.logs(name, LOG_LINES, opts).catch(() => []);
    const evidence: Evidence[] = [{ file: 'docker', text: state },
      ...logs.map((text) => ({ file: `${name} log`, text }))];
    const code = looping ? 'CX610' : 'CX612';
    return [liveFinding(code, 'failing', `${state}.`, evidence)];
  },
};

const badGateway: Check = {
  id: 'gateway-502', title: 'the API answers through nginx', kind: 'live',
  async run(ctx, signal) {
    const url = gatewayUrl(ctx, ctx.config.backend.healthPath);
    try {
      const res = await probe(url, { signal, timeoutMs: ctx.timeoutMs });
      const evidence = [{ file: `GET ${url}`,
        text: `${res.status} server: ${String(res.headers.server ?? 'none')}` }];
      if (res.status === 502 || res.status === 504) {
        return [liveFinding('CX620', 'failing', `nginx answered ${res.status}.`, evidence)];
      }

      return [liveFinding('CX621', 'ok', `The health endpoint answered ${res.status}.`,
        evidence)];
    } catch (err) {
      return [liveFinding('CX690', 'warning', `The gateway did not answer: ` +
        `${(err as Error).message}.`, [{ file: `GET ${url}` }])];
    }
  },
};

/** The backend is down or restarting; nginx answers 502. */
export const backendRunbook: Runbook = {
  id: 'backend',
  title: 'Backend down or restarting',
  symptom: 'API calls answer 502 Bad Gateway; the backend keeps restarting.',
  checks: [restarts, badGateway],
};
