/**
 * The Redactor every troubleshooting output goes through: loaded with the values of the
 * workspace's and the host's .env files and with any secret-looking values of the config,
 * on top of the pattern masks of services/redact.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Redactor, secretsFromDotenv } from '../../services/redact.js';
import type { TroubleshootContext } from '../runbooks/model.js';

const SECRET_KEY = /(pass|secret|token|key|credential|auth)/i;

function urlPassword(text: string): string[] {
  try {
    const password = decodeURIComponent(new URL(text).password);
    return password ? [password] : [];
  } catch {
    return [];
  }
}

/**
 * Values of the config that are secret: strings under secret-sounding keys (file paths
 * excepted) and passwords inside URLs, at any depth.
 */
export function configSecrets(value: unknown, key = ''): string[] {
  if (typeof value === 'string') {
    if (SECRET_KEY.test(key) && !/File$/.test(key)) return [value];
    return urlPassword(value);
  }

  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => configSecrets(v, k));
}

async function hostDotenv(ctx: TroubleshootContext, signal: AbortSignal): Promise<string> {
  const file = path.posix.join(ctx.config.project.remoteDir, '.env');
  try {
    return (await ctx.host.readFile(file, { signal, timeoutMs: ctx.timeoutMs })) ?? '';
  } catch {
    return '';
  }
}

/** A Redactor for everything a run or a snapshot writes. */
export async function redactorFor(
  ctx: TroubleshootContext, signal: AbortSignal,
): Promise<Redactor> {
  const redactor = new Redactor();
  if (ctx.workspace) {
    const local = await readFile(path.join(ctx.workspace, '.env'), 'utf8').catch(() => '');
    redactor.add(secretsFromDotenv(local));
  }

  redactor.add(secretsFromDotenv(await hostDotenv(ctx, signal)));
  redactor.add(configSecrets(ctx.config));
  return redactor;
}
