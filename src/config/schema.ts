/**
 * The shape of `cortex-ops.yaml`. One zod schema is the single source for validation,
 * the TypeScript types and the JSON Schema that `cortex-ops schema` prints for editors.
 */
import { z } from 'zod';

const url = z.url({ error: 'must be a URL such as http://host:port' });
const port = z.number().int().min(1).max(65535);
const relPath = z.string().min(1);

/** The Envoy edge proxy and its HTTP control plane. */
export const edgeSchema = z.object({
  /** Control plane serving GET /get-cluster?name= and POST /add-cluster. */
  controlPlaneUrl: url,
  /** Envoy's admin API (/ready, /clusters, /stats). */
  adminUrl: url,
  /** The public URL users reach, terminated by the edge (usually https). */
  publicUrl: url,
  /** The Envoy cluster that routes to the gateway. */
  cluster: z.string().min(1).default('_ai_unified_server'),
  /** PEM file of a private CA that signs the edge certificate (labs, staging). */
  caFile: z.string().optional(),
  /**
   * A file on this machine where the edge writes its access log (the lab's Envoy stand-in
   * does); the Logs tab follows it.
   */
  accessLog: z.string().optional(),
}).strict();

/** The Nginx gateway container. */
export const gatewaySchema = z.object({
  /** The host the gateway's port is published on, as the edge reaches it. */
  host: z.string().min(1),
  /** The host port compose publishes for the gateway (container port 80). */
  port: port.default(8002),
  container: z.string().min(1).default('ai_unified_frontend'),
  /** The compose service name of the gateway. */
  service: z.string().min(1).default('frontend'),
}).strict();

/** The FastAPI/Uvicorn backend container. */
export const backendSchema = z.object({
  container: z.string().min(1).default('ai_hub_service'),
  /** The compose service name of the backend. */
  service: z.string().min(1).default('backend'),
  /** The port uvicorn listens on inside the container; not published. */
  port: port.default(8000),
  healthPath: z.string().startsWith('/').default('/api/v1/health'),
  /** The login endpoint whose redirect shows the scheme the backend believes in. */
  loginPath: z.string().startsWith('/').default('/api/v1/auth/login'),
  /** A WebSocket endpoint used by the upgrade probe. */
  wsPath: z.string().startsWith('/').default('/api/v1/ws'),
}).strict();

/** How to reach the Docker host over SSH. */
export const sshSchema = z.object({
  /** A host name, an address, or a Host alias from ~/.ssh/config. */
  host: z.string().min(1),
  port: port.default(22),
  user: z.string().min(1).optional(),
  /** A private key file; leave out to use the agent (SSH_AUTH_SOCK). */
  identityFile: z.string().optional(),
  /** Use the SSH agent when SSH_AUTH_SOCK is set. */
  agent: z.boolean().default(true),
  knownHostsFile: z.string().default('~/.ssh/known_hosts'),
  /** Seconds to wait for the connection and the handshake. */
  connectTimeout: z.number().positive().default(10),
}).strict();

/** The local workspace and where it is released on the host. */
export const projectSchema = z.object({
  /** The local workspace to release. Relative paths resolve from the config file. */
  workspace: relPath.default('.'),
  /** The project directory on the host. */
  remoteDir: z.string().startsWith('/', { error: 'must be an absolute path on the host' }),
  composeFile: relPath.default('docker-compose.yml'),
  /** The compose project name, pinned so every release manages the same containers. */
  projectName: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).optional(),
  excludes: z.array(z.string()).default(['.git', 'node_modules', '__pycache__']),
  /** Paths on the host that a release never overwrites or deletes. */
  protect: z.array(z.string()).default(['.env', 'data']),
  /** How many releases to keep on the host for rollback. */
  keepReleases: z.number().int().min(2).max(50).default(5),
}).strict();

export const dashboardSchema = z.object({
  /** Seconds between sweeps. */
  refreshSeconds: z.number().min(0.5).max(300).default(2),
  /** Seconds a single probe may take. */
  probeTimeout: z.number().positive().max(120).default(5),
}).strict();

export const configSchema = z.object({
  /** A short name shown in the header, such as production or staging. */
  environment: z.string().min(1).default('production'),
  /** Production targets ask for their name to be typed before a release. */
  production: z.boolean().default(true),
  edge: edgeSchema,
  gateway: gatewaySchema,
  backend: backendSchema.default(backendSchema.parse({})),
  ssh: sshSchema,
  project: projectSchema,
  dashboard: dashboardSchema.default(dashboardSchema.parse({})),
}).strict();

/** A validated configuration, with defaults filled in and paths resolved. */
export type Config = z.infer<typeof configSchema>;
export type EdgeConfig = Config['edge'];
export type GatewayConfig = Config['gateway'];
export type BackendConfig = Config['backend'];
export type SshConfig = Config['ssh'];
export type ProjectConfig = Config['project'];
