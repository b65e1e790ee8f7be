import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { WebhookError } from '../errors.js';

/** The header Meta signs every webhook POST with: `sha256=<lowercase hex HMAC of the raw body>`. */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

const PREFIX = 'sha256=';
const HEX_LENGTH = 64;

/**
 * A prepared set of app secrets. Importing each secret once as a `KeyObject` saves the per-call key
 * setup `createHmac(string)` pays on every request.
 */
export interface SignatureKeys {
  /** The imported secrets, current first. */
  readonly keys: readonly KeyObject[];
}

/** Imports one or several app secrets (several during a rotation) for {@link verifySignature}. */
export function prepareSignatureKeys(appSecrets: string | readonly string[]): SignatureKeys {
  const list = typeof appSecrets === 'string' ? [appSecrets] : appSecrets;
  return {
    keys: list.filter((s) => s.length > 0).map((secret) => createSecretKey(Buffer.from(secret, 'utf8'))),
  };
}

/**
 * Decodes `sha256=<64 hex>` into 32 bytes; returns undefined when malformed.
 * Meta sends lowercase hex; uppercase is accepted because it carries the same bytes.
 */
function decodeSignature(header: string): Buffer | undefined {
  const trimmed = header.trim();
  if (trimmed.length !== PREFIX.length + HEX_LENGTH || !trimmed.toLowerCase().startsWith(PREFIX)) {
    return undefined;
  }
  const hex = trimmed.slice(PREFIX.length);
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return undefined;
  return Buffer.from(hex, 'hex');
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
  if (keys.keys.length === 0) {
    throw new WebhookError('No app secret configured to verify the signature', 'SIGNATURE_MISMATCH', 401);
  }
  // Compare against every key without short-circuiting, so timing does not reveal which one matched.
  let matched = false;
  for (const key of keys.keys) {
    const actual = createHmac('sha256', key).update(body).digest();
    if (timingSafeEqual(actual, expected)) matched = true;
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
  const keys =
    typeof appSecrets === 'string' || Array.isArray(appSecrets)
      ? prepareSignatureKeys(appSecrets as string | readonly string[])
      : (appSecrets as SignatureKeys);
  try {
    verifySignature(body, header, keys);
    return true;
  } catch {
    return false;
  }
}
