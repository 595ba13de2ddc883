/**
 * The cluster model of the Envoy stand-in: v3 Cluster definitions as the control plane
 * stores them (proto3 JSON, camelCase) and the endpoint the edge routes to.
 */

/** A host and port, as in Envoy's SocketAddress. */
export interface Endpoint {
  address: string;
  port: number;
}

/** A v3 Cluster in proto3 JSON form, reduced to the fields the stand-in honours. */
export interface ClusterDef {
  name: string;
  connectTimeout?: string;
  type?: string;
  lbPolicy?: string;
  loadAssignment: {
    clusterName: string;
    endpoints: { lbEndpoints: { endpoint: { address: { socketAddress: SocketAddress } } }[] }[];
  };
  [extra: string]: unknown;
}

interface SocketAddress {
  address: string;
  portValue: number;
  protocol?: string;
}

/** Thrown when a posted cluster cannot be understood; the message is shown to the client. */
export class ClusterShapeError extends Error {}

/** Builds the definition the stand-in starts with. */
export function makeCluster(name: string, endpoint: Endpoint): ClusterDef {
  return {
    name,
    connectTimeout: '5s',
    type: 'STATIC',
    lbPolicy: 'ROUND_ROBIN',
    loadAssignment: {
      clusterName: name,
      endpoints: [{
        lbEndpoints: [{
          endpoint: {
            address: { socketAddress: { address: endpoint.address, portValue: endpoint.port } },
          },
        }],
      }],
    },
  };
}

/** The first endpoint of a cluster, which is the one the stand-in routes to. */
export function firstEndpoint(cluster: ClusterDef): Endpoint | undefined {
  const sock = cluster.loadAssignment.endpoints[0]?.lbEndpoints[0]?.endpoint.address.socketAddress;
  if (!sock) return undefined;
  return { address: sock.address, port: sock.portValue };
}

function pick(obj: Record<string, unknown>, camel: string, snake: string): unknown {
  return obj[camel] ?? obj[snake];
}

function asRecord(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ClusterShapeError(`${where} must be an object`);
  }

  return value as Record<string, unknown>;
}

function normalizeSocket(raw: unknown, where: string): SocketAddress {
  const sock = asRecord(raw, where);
  const address = sock.address;
  const port = Number(pick(sock, 'portValue', 'port_value'));
  if (typeof address !== 'string' || address === '') {
    throw new ClusterShapeError(`${where}.address must be a non-empty string`);
  }

  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ClusterShapeError(`${where}.portValue must be a port number`);
  }

  return { address, portValue: port };
}

/**
 * Accepts a posted cluster in camelCase or snake_case proto3 JSON (as Envoy's own JSON parser
 * does) and returns it in camelCase. Throws ClusterShapeError naming the bad field.
 */
export function normalizeCluster(body: unknown): ClusterDef {
  const root = asRecord(body, 'cluster');
  const name = root.name;
  if (typeof name !== 'string' || name === '') {
    throw new ClusterShapeError('cluster.name must be a non-empty string');
  }

  const la = asRecord(pick(root, 'loadAssignment', 'load_assignment'), 'cluster.loadAssignment');
  const endpoints = la.endpoints;
  if (!Array.isArray(endpoints) || endpoints.length === 0) {
    throw new ClusterShapeError('cluster.loadAssignment.endpoints must be a non-empty array');
  }

  const normalized = endpoints.map((group, gi) => {
    const where = `cluster.loadAssignment.endpoints[${gi}]`;
    const lbs = pick(asRecord(group, where), 'lbEndpoints', 'lb_endpoints');
    if (!Array.isArray(lbs) || lbs.length === 0) {
      throw new ClusterShapeError(`${where}.lbEndpoints must be a non-empty array`);
    }

    return {
      lbEndpoints: lbs.map((lb, li) => {
        const at = `${where}.lbEndpoints[${li}].endpoint.address.socketAddress`;
        const ep = asRecord(asRecord(lb, at).endpoint, at);
        const addr = asRecord(ep.address, at);
        const socketAddress = normalizeSocket(pick(addr, 'socketAddress', 'socket_address'), at);
        return { endpoint: { address: { socketAddress } } };
      }),
    };
  });

  const rest = { ...root };
  delete rest.load_assignment;
  delete rest.loadAssignment;
  return {
    ...rest,
    name,
    loadAssignment: {
      clusterName: String(la.clusterName ?? la.cluster_name ?? name),
      endpoints: normalized,
    },
  };
}

/** Per-host counters, as Envoy keeps them. */
export interface HostCounters {
  cx_total: number;
  cx_connect_fail: number;
  rq_total: number;
  rq_success: number;
  rq_error: number;
  rq_timeout: number;
}

export function emptyCounters(): HostCounters {
  return {
    cx_total: 0, cx_connect_fail: 0, rq_total: 0, rq_success: 0, rq_error: 0, rq_timeout: 0,
  };
}
