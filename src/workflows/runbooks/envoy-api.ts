/**
 * The Envoy calls the cluster runbook makes (`GET /get-cluster`, `POST /add-cluster`,
 * admin `/clusters`) through the shared Envoy client, plus the cluster JSON edit the fix
 * needs, in both proto3 spellings (camelCase and snake_case), as Envoy accepts both.
 */
import * as envoy from '../../services/envoy.js';
import { ProbeError, type ProbeOptions } from './http.js';

/** A host and port. */
export interface Endpoint {
  address: string;
  port: number;
}

/** A cluster definition as JSON; only the endpoint is interpreted. */
export type ClusterJson = Record<string, unknown>;

type CallOpts = Pick<ProbeOptions, 'signal' | 'timeoutMs'>;

function pick(obj: unknown, camel: string, snake: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const rec = obj as Record<string, unknown>;
  return rec[camel] ?? rec[snake];
}

function socketOf(cluster: ClusterJson): Record<string, unknown> | undefined {
  const la = pick(cluster, 'loadAssignment', 'load_assignment');
  const groups = pick(la, 'endpoints', 'endpoints');
  const group = Array.isArray(groups) ? groups[0] : undefined;
  const lbs = pick(group, 'lbEndpoints', 'lb_endpoints');
  const lb = Array.isArray(lbs) ? lbs[0] : undefined;
  const address = pick(pick(lb, 'endpoint', 'endpoint'), 'address', 'address');
  const sock = pick(address, 'socketAddress', 'socket_address');
  return typeof sock === 'object' && sock !== null ? sock as Record<string, unknown> : undefined;
}

/** The first endpoint of a cluster definition. */
export function clusterEndpoint(cluster: ClusterJson): Endpoint | undefined {
  const sock = socketOf(cluster);
  const port = Number(pick(sock, 'portValue', 'port_value'));
  const address = pick(sock, 'address', 'address');
  if (typeof address !== 'string' || !Number.isInteger(port)) return undefined;
  return { address, port };
}

/** A copy of the cluster with its first endpoint's port replaced; nothing else changes. */
export function withEndpointPort(cluster: ClusterJson, port: number): ClusterJson {
  const copy = structuredClone(cluster);
  const sock = socketOf(copy);
  if (!sock) throw new Error('the cluster has no endpoint to correct');
  if ('port_value' in sock && !('portValue' in sock)) sock.port_value = port;
  else sock.portValue = port;
  return copy;
}

/** The control plane's definition of a cluster; undefined when it has none by that name. */
export async function getCluster(
  controlUrl: string, name: string, opts: CallOpts,
): Promise<ClusterJson | undefined> {
  try {
    const info = await envoy.getCluster(controlUrl, name, opts);
    if (typeof info.raw !== 'object' || info.raw === null) {
      throw new ProbeError(`the control plane's cluster ${name} is not a JSON object`);
    }

    return info.raw as ClusterJson;
  } catch (err) {
    if (err instanceof envoy.ClusterNotFoundError) return undefined;
    throw err;
  }
}

/** Posts a cluster definition; throws unless the control plane accepts it. */
export async function addCluster(
  controlUrl: string, cluster: ClusterJson, opts: CallOpts,
): Promise<void> {
  await envoy.addCluster(controlUrl, cluster, opts);
}

/** The endpoints Envoy's admin /clusters reports for one cluster; undefined if unknown. */
export async function adminClusterEndpoints(
  adminUrl: string, name: string, opts: CallOpts,
): Promise<Endpoint[] | undefined> {
  const entry = (await envoy.clusters(adminUrl, opts)).find((c) => c.name === name);
  return entry?.hosts.map((h) => ({ address: h.address, port: h.port }));
}
