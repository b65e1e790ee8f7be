import type { MessageStatus } from './types.js';

// sent < delivered < read < played. `read` can arrive without `delivered` (Meta skips it when both
// happen at once) and statuses arrive out of order, so only the rank decides (DESIGN.md, comms entry).
const RANK: Record<MessageStatus, number> = { sent: 1, delivered: 2, read: 3, played: 4, failed: 0 };

/**
 * Merges a status update into the current status monotonically: a late `sent` never overwrites
 * `read`; `failed` is terminal; a `failed` arriving after `read`/`played` is ignored (the user saw it).
 *
 * @example
 * ```ts
 * mergeStatus('read', 'sent'); // 'read'
 * mergeStatus('delivered', 'failed'); // 'failed'
 * ```
 */
export function mergeStatus(current: MessageStatus | undefined, next: MessageStatus): MessageStatus {
  if (current === undefined) return next;
  if (current === 'failed') return 'failed';
  if (next === 'failed') return RANK[current] >= RANK.read ? current : 'failed';
  return RANK[next] > RANK[current] ? next : current;
}

/** Whether applying `next` changes `current` (so a CRM can skip a no-op write). */
export function isStatusAdvance(current: MessageStatus | undefined, next: MessageStatus): boolean {
  return mergeStatus(current, next) !== current;
}
