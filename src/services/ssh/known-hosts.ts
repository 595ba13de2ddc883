/**
 * OpenSSH known_hosts: parsing, host matching (plain, wildcard, negated and hashed
 * patterns), SHA256 fingerprints and the verdict on a key a server presents.
 * Everything but the two file helpers at the bottom is pure.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One key line of a known_hosts file. */
export interface KnownHostEntry {
  /** `revoked` keys are refused; `cert-authority` lines are kept but never matched. */
  marker?: 'revoked' | 'cert-authority';
  /** The host field exactly as written: a pattern list or one `|1|salt|hash`. */
  hosts: string;
  keyType: string;
  key: Buffer;
}

/** The keys known_hosts holds for one host. */
export interface HostKeyLookup {
  /** Accepted keys by key type (such as `ssh-ed25519`), in file order. */
  byType: Map<string, Buffer[]>;
  /** Keys marked `@revoked` whose pattern matches the host. */
  revoked: Buffer[];
}

/** What known_hosts says about a key a server presented. */
export type HostKeyVerdict =
  | { kind: 'match' }
  | { kind: 'unknown'; fingerprint: string }
  | { kind: 'changed'; expected: string[]; got: string }
  | { kind: 'revoked'; fingerprint: string };

/** Parse known_hosts text; comments, blank and malformed lines are skipped. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const raw of text.split('\n')) {
    const entry = parseLine(raw.trim());
    if (entry) entries.push(entry);
  }

  return entries;
}

function parseLine(line: string): KnownHostEntry | undefined {
  if (line === '' || line.startsWith('#')) return undefined;

  const fields = line.split(/\s+/);
  let marker: KnownHostEntry['marker'];
  if (fields[0] === '@revoked') marker = 'revoked';
  else if (fields[0] === '@cert-authority') marker = 'cert-authority';
  else if (fields[0]?.startsWith('@')) return undefined;
  if (marker) fields.shift();

  const [hosts, keyType, keyB64] = fields;
  if (!hosts || !keyType || !keyB64 || !/^[A-Za-z0-9+/]+=*$/.test(keyB64)) return undefined;
  return { marker, hosts, keyType, key: Buffer.from(keyB64, 'base64') };
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` on any other. */
export function hostString(host: string, port: number): string {
  const lower = host.toLowerCase();
  return port === 22 ? lower : `[${lower}]:${port}`;
}

/** Whether an OpenSSH pattern (`*` any run, `?` one character) matches a name. */
export function matchPattern(pattern: string, name: string): boolean {
  const source = pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name.toLowerCase());
}

/**
 * Whether a comma-separated pattern list matches: some positive pattern matches and no
 * negated (`!`) pattern does.
 */
export function matchPatternList(list: string, name: string): boolean {
  let matched = false;
  for (const pattern of list.split(',')) {
    if (pattern.startsWith('!')) {
      if (matchPattern(pattern.slice(1), name)) return false;
    } else if (pattern !== '' && matchPattern(pattern, name)) {
      matched = true;
    }
  }

  return matched;
}

function matchHashed(field: string, name: string): boolean {
  const [, magic, salt, hash] = field.split('|');
  if (magic !== '1' || !salt || !hash) return false;

  const want = Buffer.from(hash, 'base64');
  const got = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return want.length === got.length && timingSafeEqual(want, got);
}

/** Whether an entry's host field names `host` on `port`. */
export function entryMatches(entry: KnownHostEntry, host: string, port: number): boolean {
  const name = hostString(host, port);
  if (entry.hosts.startsWith('|')) return matchHashed(entry.hosts, name);
  return matchPatternList(entry.hosts, name);
}

/** The keys known_hosts text holds for `host` on `port`. */
export function lookupHostKeys(text: string, host: string, port: number): HostKeyLookup {
  const lookup: HostKeyLookup = { byType: new Map(), revoked: [] };
  for (const entry of parseKnownHosts(text)) {
    if (entry.marker === 'cert-authority' || !entryMatches(entry, host, port)) continue;
    if (entry.marker === 'revoked') {
      lookup.revoked.push(entry.key);
      continue;
    }

    const list = lookup.byType.get(entry.keyType) ?? [];
    list.push(entry.key);
    lookup.byType.set(entry.keyType, list);
  }

  return lookup;
}

/** `SHA256:` and the unpadded base64 SHA-256 of a key blob, as `ssh-keygen -lf` prints. */
export function fingerprintSha256(keyBlob: Buffer): string {
  const digest = createHash('sha256').update(keyBlob).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/** The key type a wire-format key blob starts with (`ssh-ed25519`, `ecdsa-sha2-…`). */
export function keyTypeOfBlob(keyBlob: Buffer): string {
  if (keyBlob.length < 4) throw new Error('key blob is too short');
  const length = keyBlob.readUInt32BE(0);
  if (length > keyBlob.length - 4) throw new Error('key blob is malformed');
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

/**
 * Judge the key a server presented against known_hosts text. `changed` means the host is
 * known with some key, of any type, and none of them is this one.
 */
export function verifyHostKey(
  text: string, host: string, port: number, keyBlob: Buffer,
): HostKeyVerdict {
  const lookup = lookupHostKeys(text, host, port);
  const fingerprint = fingerprintSha256(keyBlob);
  if (lookup.revoked.some((key) => key.equals(keyBlob))) return { kind: 'revoked', fingerprint };

  const known = [...lookup.byType.values()].flat();
  if (known.some((key) => key.equals(keyBlob))) return { kind: 'match' };
  if (known.length === 0) return { kind: 'unknown', fingerprint };
  return { kind: 'changed', expected: known.map(fingerprintSha256), got: fingerprint };
}

/** The line `appendKnownHost` writes, without the newline. */
export function knownHostLine(
  host: string, port: number, keyType: string, keyBlob: Buffer,
): string {
  return `${hostString(host, port)} ${keyType} ${keyBlob.toString('base64')}`;
}

/** Read a known_hosts file; a missing file reads as empty. */
export async function readKnownHosts(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/**
 * Append one plain line for a host to a known_hosts file, creating the file (mode 600) and
 * its directory (mode 700) when missing. Existing lines are never rewritten.
 */
export async function appendKnownHost(
  file: string, host: string, port: number, keyType: string, keyBlob: Buffer,
): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const existing = await readKnownHosts(file);
  const lead = existing === '' || existing.endsWith('\n') ? '' : '\n';
  const line = `${lead}${knownHostLine(host, port, keyType, keyBlob)}\n`;
  await appendFile(file, line, { mode: 0o600 });
}
