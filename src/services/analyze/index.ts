/**
 * Static analyzers for troubleshoot mode. Each takes file text and a file
 * name and returns findings; none reads files or touches the network.
 */
export type { Evidence, Finding, Verdict } from './findings.js';
export { SourceText, VERDICT_RANK, worstVerdict } from './findings.js';
export type { CodeInfo, FindingCode } from './codes.js';
export { catalogueRows, FINDING_CODES, isFindingCode, makeFinding } from './codes.js';

export type {
  Directive,
  IncludeInfo,
  LocationInfo,
  LocationModifier,
  MapEntry,
  MapInfo,
  NginxConfig,
  NginxErrorKind,
  NginxParseError,
  Placed,
} from './nginx.js';
export {
  childrenNamed,
  httpBlocks,
  includesOf,
  locationsOf,
  mapsOf,
  parseNginx,
  serverBlocks,
  walkDirectives,
} from './nginx.js';
export { tokenizeNginx, type Token } from './nginx-lexer.js';
export type { EffectiveHeaders, HeaderSetting } from './nginx-effective.js';
export { effectiveDirective, effectiveHeaders, selectLocation } from './nginx-effective.js';
export type { NginxCheckOptions } from './nginx-checks.js';
export { checkNginx, checkNginxConfig } from './nginx-checks.js';

export type { CommandSpec, DockerInstruction, EnvValue, ImageLaunch } from './dockerfile.js';
export { imageLaunch, parseCommand, parseDockerfile } from './dockerfile.js';
export type { ServerCommand } from './uvicorn-argv.js';
export { findServer } from './uvicorn-argv.js';
export type { BackendLaunchInput, FileText } from './uvicorn.js';
export { checkBackendLaunch, checkDockerfile } from './uvicorn.js';

export type {
  ComposeCommand,
  ComposeError,
  ComposeModel,
  ComposePort,
  ComposeService,
  Located,
  PortRange,
} from './compose.js';
export { findService, parseCompose } from './compose.js';
export type { ComposeCheckOptions } from './compose-checks.js';
export { backendPortPublished, checkCompose, checkComposeModel } from './compose-checks.js';
export { splitShellCommands, splitShellWords } from './shell-words.js';
