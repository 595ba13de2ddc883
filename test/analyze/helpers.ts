/**
 * Shared helpers for the analyzer tests: fixture loading and a compact,
 * exact summary of findings ("CODE verdict @line,line").
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { Finding } from '../../src/services/analyze/index.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Reads a fixture file by its path under test/analyze/fixtures. */
export function fixture(path: string): string {
  return readFileSync(`${FIXTURES}${path}`, 'utf8');
}

/** One line per finding: code, verdict and the evidence lines in order. */
export function summarize(findings: Finding[]): string[] {
  return findings.map((f) => {
    const lines = f.evidence.map((e) => e.line ?? '-').join(',');
    return `${f.code} ${f.verdict} @${lines}`;
  });
}
