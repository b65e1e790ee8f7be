import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** A signed-in user: who they are and which extension rings for them. */
export interface User {
  username: string;
  name: string;
  extension: string;
}

const KEYLEN = 32;

/** `scrypt$<salt>$<hash>` (base64url), the format `CRM_USERS` expects. */
export function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
  const hash = scryptSync(password.normalize('NFKC'), salt, KEYLEN);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Constant-time check of a password against a `hashPassword` hash. */
export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(
    password.normalize('NFKC'),
    Buffer.from(salt, 'base64url'),
    expected.length || KEYLEN,
  );
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Stateless session cookies: `<username>.<expires epoch s>.<HMAC-SHA256>` keyed by SESSION_SECRET.
 * Nothing to store, and a secret rotation signs everybody out.
 */
export class SessionSigner {
  constructor(
    readonly secret: string,
    readonly ttlMs: number,
    readonly now: () => number = Date.now,
  ) {}

  #mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }

  sign(username: string): { value: string; expires: Date } {
    const expires = new Date(this.now() + this.ttlMs);
    const payload = `${Buffer.from(username).toString('base64url')}.${Math.floor(expires.getTime() / 1000)}`;
    return { value: `${payload}.${this.#mac(payload)}`, expires };
  }

  /** The username of a valid, unexpired cookie value, else undefined. */
  verify(value: string | undefined): string | undefined {
    if (!value) return undefined;
    const parts = value.split('.');
    if (parts.length !== 3) return undefined;
    const [user, exp, mac] = parts as [string, string, string];
    if (!safeEqual(mac, this.#mac(`${user}.${exp}`))) return undefined;
    if (Number(exp) * 1000 <= this.now()) return undefined;
    return Buffer.from(user, 'base64url').toString('utf8');
  }
}

/** API tokens from config, compared by SHA-256 digest in constant time. */
export class TokenTable {
  readonly #byDigest = new Map<string, string>();

  constructor(tokens: ReadonlyArray<{ username: string; token: string }>) {
    for (const { username, token } of tokens) this.#byDigest.set(digest(token), username);
  }

  usernameOf(token: string): string | undefined {
    const d = digest(token);
    for (const [known, username] of this.#byDigest) if (safeEqual(known, d)) return username;
    return undefined;
  }
}

const digest = (token: string) => createHmac('sha256', 'crm-api-token').update(token).digest('base64url');

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
