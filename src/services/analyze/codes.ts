/**
 * The catalogue of every finding code the static analyzers can emit. Codes
 * are stable: a code is never renumbered or reused for another meaning.
 *
 * Ranges: CX1xx forwarded scheme and OIDC, CX2xx WebSocket upgrade,
 * CX3xx compose and published ports, CX4xx Envoy cluster (CX401-CX409 belong
 * to the live checks), CX5xx nginx configuration in general.
 */
import { CONTAINER_CODES } from './codes-containers.js';
import { NGINX_CODES } from './codes-nginx.js';
import type { CodeInfo, Evidence, Finding, Verdict } from './findings.js';

export type { CodeInfo } from './findings.js';

/** Every code any analyzer in this folder can emit. */
export const FINDING_CODES = {
  ...NGINX_CODES,
  ...CONTAINER_CODES,
} as const satisfies Record<string, CodeInfo>;

/** A code that the catalogue knows. */
export type FindingCode = keyof typeof FINDING_CODES;

/** True when `code` is in the catalogue. */
export function isFindingCode(code: string): code is FindingCode {
  return Object.hasOwn(FINDING_CODES, code);
}

/** Builds a finding whose title and fix come from the catalogue. */
export function makeFinding(
  code: FindingCode,
  verdict: Verdict,
  detail: string,
  evidence: Evidence[],
): Finding {
  const info: CodeInfo = FINDING_CODES[code];
  const finding: Finding = { code, verdict, title: info.title, detail, evidence };
  if (verdict !== 'ok') finding.fix = info.fix;
  return finding;
}

/** The catalogue as [code, info] pairs in code order, for tables. */
export function catalogueRows(): [FindingCode, CodeInfo][] {
  const codes = Object.keys(FINDING_CODES).filter(isFindingCode).sort();
  return codes.map((code) => [code, FINDING_CODES[code]]);
}
