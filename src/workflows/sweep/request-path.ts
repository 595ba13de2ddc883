/**
 * The request path: edge, gateway, backend, each judged on its own account (a hop that only
 * passes on a failure from behind it is not the one that fails), and one sentence naming the
 * first hop that fails and why.
 */
import type { Facts } from './facts.js';
import type { CheckResult, CheckStatus, HopId, HopVerdict, RequestPath } from './types.js';
import { HOPS } from './types.js';
import { errorWords, statusFrom } from './words.js';

type Results = ReadonlyMap<string, CheckResult>;

function bad(r: Results, id: string): CheckResult | undefined {
  const c = r.get(id);
  return c?.status === 'failing' ? c : undefined;
}

function fail(hop: HopId, words: string): HopVerdict {
  return { hop, status: 'failing', words };
}

function backendHop(r: Results, f: Facts): HopVerdict {
  const name = f.o.config.backend.container;
  const container = bad(r, 'backend.container');
  if (container) return fail('backend', `container ${name} is ${container.words}`);
  // The log line after a failed start says more than the refused connection it causes.
  const startup = bad(r, 'backend.startup');
  if (startup) return fail('backend', `logs trouble: ${startup.words}`);
  const direct = r.get('backend.direct');
  if (direct?.status === 'failing') {
    return fail('backend', `does not answer its health path: ${direct.words}`);
  }

  if (!direct || direct.status === 'unknown') {
    return { hop: 'backend', status: 'unknown', words: direct?.words ?? 'not checked' };
  }

  return { hop: 'backend', status: direct.status, words: `answers: ${direct.words}` };
}

function gatewayHop(r: Results, f: Facts, backend: HopVerdict): HopVerdict {
  const name = f.o.config.gateway.container;
  const container = bad(r, 'gateway.container');
  const root = bad(r, 'gateway.root');
  if (container) {
    const also = root ? `; ${root.words}` : '';
    return fail('gateway', `container ${name} is ${container.words}${also}`);
  }

  if (root) return fail('gateway', `does not serve /: ${root.words}`);
  // Behind a failing backend, the gateway's proxied probes fail too; that is not its fault.
  if (backend.status === 'failing') {
    const health = r.get('gateway.health');
    const passes = health?.status === 'failing' ? `; passes on ${health.words}` : '';
    return { hop: 'gateway', status: 'warning', words: `answers /${passes}` };
  }

  const ws = bad(r, 'gateway.ws');
  if (ws) return fail('gateway', `refuses WebSocket upgrades: ${ws.words}`);
  const login = bad(r, 'gateway.login');
  if (login) return fail('gateway', login.words);
  const health = r.get('gateway.health');
  if (health?.status === 'failing') {
    if (backend.status === 'unknown') {
      return { hop: 'gateway', status: 'warning', words: `answers; passes on ${health.words}` };
    }

    return { hop: 'gateway', status: 'failing',
      words: `cannot reach the backend although it answers directly: ${health.words}` };
  }

  const rootResult = r.get('gateway.root');
  if (!rootResult || rootResult.status === 'unknown') {
    return { hop: 'gateway', status: 'unknown', words: rootResult?.words ?? 'not checked' };
  }

  return { hop: 'gateway', status: 'ok', words: `answers: / ${rootResult.words}` };
}

async function edgeReason(r: Results): Promise<string> {
  const drift = bad(r, 'edge.drift');
  if (drift) return drift.words;
  const endpoint = bad(r, 'edge.endpoint');
  if (endpoint) return `its endpoint ${endpoint.words}`;
  const control = bad(r, 'edge.control');
  if (control) return `the control plane: ${control.words}`;
  return 'it cannot reach the gateway';
}

async function edgeHop(r: Results, f: Facts): Promise<HopVerdict> {
  const o = await f.publicProbe();
  if (!o.ok) return fail('edge', `does not answer: ${errorWords(o.error)}`);
  const res = o.value;
  // Envoy's own replies carry no upstream service time; forwarded ones do.
  const local = res.status >= 500 && !res.headers['x-envoy-upstream-service-time'];
  const gatewayDown = bad(r, 'gateway.container') || bad(r, 'gateway.root');
  if (local) {
    if (gatewayDown) {
      const words = `returns ${res.status}: the gateway is down`;
      return { hop: 'edge', status: 'warning', words };
    }

    const why = await edgeReason(r);
    return { hop: 'edge', status: 'failing',
      words: `returns ${statusFrom(res.status, res.server)} because ${why}` };
  }

  if (res.status >= 500) {
    return { hop: 'edge', status: 'warning', words: `passes on ${res.status} from behind it` };
  }

  const control = bad(r, 'edge.control');
  if (control) {
    return { hop: 'edge', status: 'warning',
      words: `answers ${res.status}, but the control plane does not: ${control.words}` };
  }

  return { hop: 'edge', status: res.status >= 400 ? 'warning' : 'ok',
    words: `answers ${res.status} in ${res.latencyMs} ms` };
}

/** Which hops answer at all (whatever else is wrong with them). */
export type Answers = Record<HopId, boolean>;

function answering(hops: HopId[], answers: Answers): string {
  const names = hops.filter((h) => answers[h]).map((h) => `the ${h}`);
  if (names.length === 0) return '';
  const verb = names.length === 1 ? 'answers' : 'answer';
  return `${names.join(' and ')} ${verb} but `;
}

/** The sentence for the first failing hop. */
export function verdictSentence(hops: HopVerdict[], failing: HopId, answers: Answers): string {
  const f = hops.find((h) => h.hop === failing)!;
  const context: HopId[] = failing === 'edge' ? ['gateway']
    : failing === 'gateway' ? ['backend'] : ['edge', 'gateway'];
  const verb = failing === 'edge' ? '' : 'fails: ';
  return `${answering(context, answers)}the ${failing} ${verb}${f.words}`;
}

/** Judges the three hops from a finished sweep's results. */
export async function requestPath(r: Results, f: Facts, now = Date.now()): Promise<RequestPath> {
  const backend = backendHop(r, f);
  const gateway = gatewayHop(r, f, backend);
  const edge = await edgeHop(r, f);
  const hops = [edge, gateway, backend];
  const answers: Answers = {
    edge: (await f.publicProbe()).ok,
    gateway: !bad(r, 'gateway.container') && r.get('gateway.root')?.status === 'ok',
    backend: r.get('backend.direct')?.status === 'ok',
  };
  const first = HOPS.find((h) => hops.find((x) => x.hop === h)?.status === 'failing') ?? null;
  let status: CheckStatus = 'ok';
  let verdict = 'every hop answers: edge -> gateway -> backend';
  if (first) {
    status = 'failing';
    verdict = verdictSentence(hops, first, answers);
  } else if (hops.some((h) => h.status === 'warning')) {
    status = 'warning';
    verdict = `every hop answers; ${hops.filter((h) => h.status === 'warning')
      .map((h) => `the ${h.hop} ${h.words}`).join('; ')}`;
  } else if (hops.some((h) => h.status === 'unknown')) {
    status = 'unknown';
    verdict = `not every hop could be checked: ${hops.filter((h) => h.status === 'unknown')
      .map((h) => `the ${h.hop} (${h.words})`).join(', ')}`;
  }

  return { status, verdict, failingHop: first, hops, checkedAt: now };
}
