import { timingSafeEqual } from 'node:crypto';
import { WebhookError } from '../errors.js';

/**
 * Answers Meta's verification GET (`hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`):
 * returns the challenge to echo as a `text/plain` 200 body, or throws a {@link WebhookError} (403).
 * The GET carries no signature, so it must never go through signature checks (elizaOS/eliza#17823).
 *
 * @example
 * ```ts
 * const challenge = verifyChallenge(new URL(request.url).searchParams, 'my-verify-token');
 * return new Response(challenge, { headers: { 'content-type': 'text/plain' } });
 * ```
 */
export function verifyChallenge(params: URLSearchParams, verifyToken: string): string {
  // PHP-style front ends rename `hub.mode` to `hub_mode` (Meta's note); accept both spellings.
  const read = (name: string) => params.get(`hub.${name}`) ?? params.get(`hub_${name}`);
  const mode = read('mode');
  const token = read('verify_token') ?? '';
  const challenge = read('challenge');
  if (mode !== 'subscribe' || challenge === null || challenge === '') {
    throw new WebhookError(
      'Verification request needs hub.mode=subscribe and a hub.challenge',
      'VERIFY_MODE_INVALID',
      403,
    );
  }
  if (!constantTimeEqual(token, verifyToken)) {
    throw new WebhookError(
      'hub.verify_token does not match the configured verify token',
      'VERIFY_TOKEN_MISMATCH',
      403,
    );
  }
  return challenge;
}

/** Compares two strings in time that depends only on their lengths, never on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // Compare against itself when lengths differ, so the work done is the same either way.
  const same = left.length === right.length;
  return timingSafeEqual(left, same ? right : left) && same;
}
