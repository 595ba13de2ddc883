/**
 * Where the config file is, without loading the parser or the schema, so that finding no
 * config (and opening the demo) costs nothing at startup.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** The user's config directory, following XDG. */
export function userConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || homedir(), '.config');
  return path.join(base, 'cortex-ops', 'cortex-ops.yaml');
}

/**
 * Where the config comes from: `--config`, then `./cortex-ops.yaml`, then the user's config
 * directory. Returns undefined when none exists (the console then offers the demo).
 */
export function findConfigFile(explicit: string | undefined, cwd = process.cwd(),
  env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (explicit) return path.resolve(cwd, explicit);
  const local = path.join(cwd, 'cortex-ops.yaml');
  if (existsSync(local)) return local;
  const user = userConfigFile(env);
  return existsSync(user) ? user : undefined;
}
