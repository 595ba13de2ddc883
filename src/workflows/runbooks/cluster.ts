/**
 * Runbook 4, Envoy cluster out of sync, three ways: the endpoint port in the control
 * plane's cluster, the port compose publishes for the gateway (the host's copy preferred),
 * and the endpoint Envoy's admin /clusters reports; then one request through the edge.
 */
import type { Evidence, Finding } from '../../services/analyze/index.js';
import { liveFinding } from './codes.js';
import { adminClusterEndpoints, clusterEndpoint, getCluster, type Endpoint } from './envoy-api.js';
import { edgeProblem, expectedGatewayPort } from './edge-checks.js';
import type { Check, Runbook, TroubleshootContext } from './model.js';
import { clusterFix } from './cluster-fix.js';

function where(ep: Endpoint | undefined): string {
  return ep ? `${ep.address}:${ep.port}` : 'no endpoint';
}

async function threeWay(ctx: TroubleshootContext, signal: AbortSignal): Promise<Finding[]> {
  const { edge } = ctx.config;
  const opts = { signal, timeoutMs: ctx.timeoutMs };
  const expected = await expectedGatewayPort(ctx, signal);
  const def = await getCluster(edge.controlPlaneUrl, edge.cluster, opts);
  const admin = await adminClusterEndpoints(edge.adminUrl, edge.cluster, opts);
  const control = def && clusterEndpoint(def);
  const evidence: Evidence[] = [
    { file: `control plane GET /get-cluster?name=${edge.cluster}`, text: where(control) },
    expected.evidence,
    { file: 'Envoy admin /clusters', text: admin ? admin.map(where).join(', ') || 'none'
      : 'cluster unknown' },
  ];
  if (!def || !admin) {
    const which = !def ? 'the control plane' : 'Envoy';
    return [liveFinding('CX404', 'failing', `${which} has no cluster ${edge.cluster}.`,
      evidence)];
  }

  const out: Finding[] = [];
  if (control?.port !== expected.port) {
    out.push(liveFinding('CX402', 'failing', `The cluster sends traffic to ${where(control)}; ` +
      `compose publishes the gateway on ${expected.port}.`, evidence));
  }

  if (!admin.some((ep) => ep.port === control?.port)) {
    out.push(liveFinding('CX403', 'failing', `Envoy routes to ${admin.map(where).join(', ')}; ` +
      `the control plane holds ${where(control)}.`, evidence));
  }

  const problem = await edgeProblem(ctx, signal);
  if (problem) {
    out.push(liveFinding('CX405', 'failing', `${problem}.`,
      [{ file: 'edge request', text: problem }]));
  }

  if (out.length === 0) {
    out.push(liveFinding('CX401', 'ok', `All three say port ${expected.port}; the edge ` +
      'answers.', evidence));
  }

  return out;
}

const sync: Check = {
  id: 'cluster-three-way', title: 'control plane, compose and Envoy agree', kind: 'live',
  run: threeWay,
};

/** The edge answers 404 or 503 from Envoy itself. */
export const clusterRunbook: Runbook = {
  id: 'cluster-port',
  title: 'Envoy cluster out of sync',
  symptom: 'https://… answers 404 or 503 Service Unavailable with server: envoy.',
  checks: [sync],
  fix: clusterFix,
};
