/** The answers of `cortex-ops init` and the commented cortex-ops.yaml they become. */

/** Everything the config needs. */
export interface InitAnswers {
  environment: string;
  production: boolean;
  sshHost: string;
  sshPort: number;
  sshUser: string;
  /** Empty: use the agent. */
  identityFile: string;
  knownHostsFile: string;
  remoteDir: string;
  workspace: string;
  composeFile: string;
  projectName: string;
  gatewayHost: string;
  gatewayPort: number;
  gatewayContainer: string;
  gatewayService: string;
  backendContainer: string;
  backendService: string;
  backendPort: number;
  controlPlaneUrl: string;
  adminUrl: string;
  publicUrl: string;
  cluster: string;
  caFile: string;
}

/** The reference deployment's values: offered as suggestions, never contacted by init. */
export const REFERENCE = {
  sshHost: '192.168.68.113', sshUser: 'coder', remoteDir: '/home/coder/project/cortex-hub',
  controlPlaneUrl: 'http://192.168.68.90:8090', adminUrl: 'http://192.168.68.90:9901',
  publicUrl: 'https://ai.jerxie.com', cluster: '_ai_unified_server',
} as const;

/** A YAML scalar, quoted when plain style could be misread. */
export function yamlScalar(v: string | number | boolean): string {
  if (typeof v !== 'string') return String(v);
  return /^[A-Za-z0-9_./~@-][A-Za-z0-9_./~@:-]*$/.test(v) && !/^(true|false|null|yes|no|~)$/i
    .test(v) && !/^[\d.]+$/.test(v) && !/: /.test(v) ? v : JSON.stringify(v);
}

/** The config file's text, with a comment on every section. */
export function renderConfig(a: InitAnswers): string {
  const s = yamlScalar;
  const lines = [
    '# cortex-ops configuration, written by `cortex-ops init`.',
    '# Reference: `cortex-ops schema` prints the JSON Schema of every field.',
    '',
    '# A short name shown in the header; production targets ask for it to be typed',
    '# before a release.',
    `environment: ${s(a.environment)}`,
    `production: ${a.production}`,
    '',
    '# The Envoy edge: its control plane (GET /get-cluster, POST /add-cluster), its admin',
    '# API, the public URL users reach, and the cluster that routes to the gateway.',
    'edge:',
    `  controlPlaneUrl: ${s(a.controlPlaneUrl)}`,
    `  adminUrl: ${s(a.adminUrl)}`,
    `  publicUrl: ${s(a.publicUrl)}`,
    `  cluster: ${s(a.cluster)}`,
    ...(a.caFile ? [`  caFile: ${s(a.caFile)}`] : []),
    '',
    '# The Nginx gateway container and the host port compose publishes for it.',
    'gateway:',
    `  host: ${s(a.gatewayHost)}`,
    `  port: ${a.gatewayPort}`,
    `  container: ${s(a.gatewayContainer)}`,
    `  service: ${s(a.gatewayService)}`,
    '',
    '# The FastAPI backend (reached through the gateway; its port is not published).',
    'backend:',
    `  container: ${s(a.backendContainer)}`,
    `  service: ${s(a.backendService)}`,
    `  port: ${a.backendPort}`,
    '',
    '# The Docker host. Keys or the agent only, never a password; the host key is checked',
    '# against knownHostsFile.',
    'ssh:',
    `  host: ${s(a.sshHost)}`,
    `  port: ${a.sshPort}`,
    `  user: ${s(a.sshUser)}`,
    ...(a.identityFile ? [`  identityFile: ${s(a.identityFile)}`, '  agent: false']
      : ['  agent: true']),
    `  knownHostsFile: ${s(a.knownHostsFile)}`,
    '',
    '# What is released where. Releases live beside remoteDir in .cortex-ops/<name>/;',
    '# remoteDir becomes a symlink to the current release. .env and data stay on the host.',
    'project:',
    `  workspace: ${s(a.workspace)}`,
    `  remoteDir: ${s(a.remoteDir)}`,
    `  composeFile: ${s(a.composeFile)}`,
    `  projectName: ${s(a.projectName)}`,
    '  excludes: [.git, node_modules, __pycache__]',
    '  protect: [.env, data]',
    '  keepReleases: 5',
    '',
  ];
  return lines.join('\n');
}
