import * as crypto from 'node:crypto';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookError } from '../errors.js';

/** The header Meta signs every webhook POST with: `sha256=<lowercase hex HMAC of the raw body>`. */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

const PREFIX = 'sha256=';
const HEX_LENGTH = 64;

// One-shot hashing (Node ≥ 21.7) skips the per-call Hmac object; fall back where it is missing.
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer })
  .hash;

/**
 * A prepared set of app secrets (several during a rotation). Each secret's HMAC pads (RFC 2104
 * `K ⊕ ipad`, `K ⊕ opad`) are computed once, so verifying a body costs two one-shot SHA-256 calls
 * instead of building an `Hmac` object and re-keying it on every request.
 */
export class SignatureKeys {
  readonly #secrets: Buffer[];
  readonly #inner: Buffer[] = [];
  readonly #outer: Buffer[] = [];
  #scratch = Buffer.allocUnsafe(4096);

  /** Prepares the secrets; empty strings are ignored. */
  constructor(appSecrets: string | readonly string[]) {
    const list = typeof appSecrets === 'string' ? [appSecrets] : appSecrets;
    this.#secrets = list.filter((s) => s.length > 0).map((s) => Buffer.from(s, 'utf8'));
    for (const secret of this.#secrets) {
      const key = secret.length > 64 ? createHash('sha256').update(secret).digest() : secret;
      const inner = Buffer.alloc(64, 0x36);
      const outer = Buffer.alloc(96, 0x5c);
      for (let i = 0; i < key.length; i++) {
        inner[i] = (inner[i] as number) ^ (key[i] as number);
        outer[i] = (outer[i] as number) ^ (key[i] as number);
      }
      this.#inner.push(inner);
      this.#outer.push(outer);
    }
  }

  /** Number of usable secrets. */
  get size(): number {
    return this.#secrets.length;
  }

  /** HMAC-SHA256 of `body` with the secret at `index`. */
  digest(body: Uint8Array, index: number): Buffer {
    const inner = this.#inner[index];
    const outer = this.#outer[index];
    if (!oneShot || !inner || !outer)
      return createHmac('sha256', this.#secrets[index] ?? '')
        .update(body)
        .digest();
    const length = 64 + body.byteLength;
    if (this.#scratch.length < length) this.#scratch = Buffer.allocUnsafe(length * 2);
    inner.copy(this.#scratch, 0);
    this.#scratch.set(body, 64);
    oneShot('sha256', this.#scratch.subarray(0, length), 'buffer').copy(outer, 64);
    return oneShot('sha256', outer, 'buffer');
  }
}

/** Prepares one or several app secrets (several during a rotation) for {@link verifySignature}. */
export function prepareSignatureKeys(appSecrets: string | readonly string[]): SignatureKeys {
  return new SignatureKeys(appSecrets);
}

/**
 * Decodes `sha256=<64 hex>` into 32 bytes; returns undefined when malformed.
 * Meta sends lowercase hex; uppercase is accepted because it carries the same bytes.
 */
function decodeSignature(header: string): Buffer | undefined {
  const trimmed = header.length === PREFIX.length + HEX_LENGTH ? header : header.trim();
  if (
    trimmed.length !== PREFIX.length + HEX_LENGTH ||
    trimmed.slice(0, PREFIX.length).toLowerCase() !== PREFIX
  ) {
    return undefined;
  }
  // Node's hex decoder stops at the first invalid pair, so 32 bytes out means 64 valid hex digits in.
  const bytes = Buffer.from(trimmed.slice(PREFIX.length), 'hex');
  return bytes.length === 32 ? bytes : undefined;
}

/**
 * Why a body whose signature does not match might have been altered on its way: Meta's wire form is
 * compact JSON with every non-ASCII character escaped as `\uXXXX` and `/` as `\/`. A body with raw
 * UTF-8, unescaped slashes or pretty-printing was re-serialised (`JSON.stringify(req.body)`) by a
 * framework's JSON parser, and can never verify (whatsapp-api-js#290, #380).
 */
export function reserialisationHint(body: Uint8Array): string | undefined {
  let nonAscii = false;
  let slash = false;
  let escapedSlash = false;
  let newline = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i] as number;
    if (byte >= 0x80) nonAscii = true;
    else if (byte === 0x2f) {
      if (body[i - 1] === 0x5c) escapedSlash = true;
      else slash = true;
    } else if (byte === 0x0a) newline = true;
  }
  const reasons: string[] = [];
  if (nonAscii) reasons.push('raw non-ASCII characters (Meta escapes them as \\uXXXX)');
  if (slash && !escapedSlash) reasons.push("unescaped '/' (Meta sends '\\/')");
  if (newline) reasons.push('newlines (Meta sends compact JSON)');
  if (reasons.length === 0) return undefined;
  return `the body looks re-serialised: ${reasons.join(', ')}; verify the exact raw request bytes, before any JSON parser runs`;
}

/**
 * Verifies `X-Hub-Signature-256` over the exact raw bytes, in constant time, against every secret
 * (rotation). Throws a {@link WebhookError} (401) when the header is missing, malformed or matches none.
 *
 * @example
 * ```ts
 * const keys = prepareSignatureKeys(process.env.META_APP_SECRET!);
 * verifySignature(rawBody, request.headers.get('x-hub-signature-256'), keys);
 * ```
 */
export function verifySignature(
  body: Uint8Array,
  header: string | null | undefined,
  keys: SignatureKeys,
): void {
  if (header === undefined || header === null || header === '') {
    // A missing header must never be a bypass (fbsamples/whatsapp-business-jaspers-market#37).
    throw new WebhookError('Missing X-Hub-Signature-256 header', 'SIGNATURE_MISSING', 401);
  }
  const expected = decodeSignature(header);
  if (!expected) {
    throw new WebhookError(
      'Malformed X-Hub-Signature-256 header: expected "sha256=" followed by 64 hex digits',
      'SIGNATURE_MALFORMED',
      401,
    );
  }
  if (keys.size === 0) {
    throw new WebhookError('No app secret configured to verify the signature', 'SIGNATURE_MISMATCH', 401);
  }
  // Compare against every key without short-circuiting, so timing does not reveal which one matched.
  let matched = false;
  for (let i = 0; i < keys.size; i++) {
    if (timingSafeEqual(keys.digest(body, i), expected)) matched = true;
  }
  if (!matched) {
    const hint = reserialisationHint(body);
    throw new WebhookError(
      'X-Hub-Signature-256 does not match the body for any configured app secret',
      'SIGNATURE_MISMATCH',
      401,
      hint ? { hint } : undefined,
    );
  }
}

/** Boolean form of {@link verifySignature}, for callers that do their own error handling. */
export function isValidSignature(
  body: Uint8Array,
  header: string | null | undefined,
  appSecrets: string | readonly string[] | SignatureKeys,
): boolean {
  const keys = appSecrets instanceof SignatureKeys ? appSecrets : prepareSignatureKeys(appSecrets);
  try {
    verifySignature(body, header, keys);
    return true;
  } catch {
    return false;
  }
}
