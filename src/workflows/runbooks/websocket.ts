/**
 * Runbook 2, WebSocket upgrade: the static checks of the upgrade map, proxy_http_version
 * and the Upgrade/Connection headers, then a handshake through the gateway (expecting 101)
 * and a plain POST through the same location (expecting an answer from the backend).
 */
import { checkNginx, type Evidence } from '../../services/analyze/index.js';
import { liveFinding } from './codes.js';
import { stackFiles } from './files.js';
import { probe, wsHandshake } from './http.js';
import type { Check, Runbook } from './model.js';
import { analyze, gatewayUrl } from './util.js';

const upgradeConfig: Check = {
  id: 'nginx-upgrade-map', title: 'nginx forwards WebSocket upgrades', kind: 'static',
  async run(ctx, signal) {
    const files = await stackFiles(ctx, signal);
    return analyze(files.nginx, 'nginx.conf', files.hostError,
      (f) => checkNginx(f.text, f.file, { wsPath: ctx.config.backend.wsPath }),
      (code) => /^CX2\d\d$/.test(code));
  },
};

async function attempt<T>(run: () => Promise<T>): Promise<T | Error> {
  try {
    return await run();
  } catch (err) {
    return err as Error;
  }
}

const handshake: Check = {
  id: 'ws-handshake', title: 'a handshake gets 101 and a plain POST succeeds', kind: 'live',
  async run(ctx, signal) {
    const { backend } = ctx.config;
    const opts = { signal, timeoutMs: ctx.timeoutMs };
    const wsUrl = gatewayUrl(ctx, backend.wsPath);
    const postUrl = gatewayUrl(ctx, backend.healthPath);
    const [ws, post] = await Promise.all([
      attempt(() => wsHandshake(wsUrl, opts)),
      attempt(() => probe(postUrl, {
        ...opts, method: 'POST', body: '{}', headers: { 'content-type': 'application/json' },
      })),
    ]);
    const evidence: Evidence[] = [
      { file: `handshake ${wsUrl}`, text: ws instanceof Error ? ws.message : `status ${ws}` },
      { file: `POST ${postUrl}`,
        text: post instanceof Error ? post.message : `status ${post.status}` },
    ];
    const out = [];
    if (ws !== 101) {
      const got = ws instanceof Error ? ws.message : `status ${ws}`;
      out.push(liveFinding('CX231', 'failing', `The handshake got ${got}, not 101.`, evidence));
    }

    if (post instanceof Error || post.status >= 500) {
      const got = post instanceof Error ? post.message : `status ${post.status}`;
      out.push(liveFinding('CX232', 'failing', `The plain POST got ${got}.`, evidence));
    }

    if (out.length === 0) {
      out.push(liveFinding('CX230', 'ok', 'Handshake 101; the plain POST was answered.',
        evidence));
    }

    return out;
  },
};

/** WebSocket channels refuse to upgrade, or plain calls hang. */
export const websocketRunbook: Runbook = {
  id: 'ws-upgrade',
  title: 'WebSocket upgrade',
  symptom: 'Voice channels never connect, or normal API calls fail with transport errors.',
  checks: [upgradeConfig, handshake],
};
