/** Docker Engine API calls over the shared SSH connection. */
export {
  dockerFor, releaseDocker, listContainers, inspectContainer, dockerVersion, dockerInfo,
  publishedPorts, type CallOptions, type ContainerSummary, type ContainerDetails,
  type PortBinding, type DockerVersion, type DockerInfo,
} from './api.js';
export { containerLogs, type LogOptions, type LogLine } from './logs.js';
export {
  DockerError, DockerUnreachableError, ContainerNotFoundError, DockerTimeoutError,
} from './errors.js';
export { DialStdioAgent, DIAL_STDIO_ARGV } from './dial-stdio.js';
