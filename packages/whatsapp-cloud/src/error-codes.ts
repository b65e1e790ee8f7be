// Meta's error codes mapped to what a CRM should do (research §1.10, Meta support/error-codes).

/** What a CRM should do about a Graph error code (research §1.10). */
export type GraphErrorCategory =
  | 'auth'
  | 'permission'
  | 'throttled'
  | 'pair_rate_limited'
  | 'transient'
  | 'invalid_request'
  | 'reengagement_required'
  | 'undeliverable'
  | 'marketing_limited'
  | 'template'
  | 'media'
  | 'integrity'
  | 'account'
  | 'unsupported_inbound'
  | 'unknown';

const categories = new Map<number, GraphErrorCategory>([
  [0, 'auth'],
  [190, 'auth'],
  [3, 'permission'],
  [10, 'permission'],
  [131005, 'permission'],
  [131030, 'permission'],
  [4, 'throttled'],
  [80007, 'throttled'],
  [130429, 'throttled'],
  [131048, 'throttled'],
  [131056, 'pair_rate_limited'],
  [1, 'transient'],
  [2, 'transient'],
  [131000, 'transient'],
  [131016, 'transient'],
  [133004, 'transient'],
  [33, 'invalid_request'],
  [100, 'invalid_request'],
  [131008, 'invalid_request'],
  [131009, 'invalid_request'],
  [131021, 'invalid_request'],
  [135000, 'invalid_request'],
  [131047, 'reengagement_required'],
  [131026, 'undeliverable'],
  [130472, 'undeliverable'],
  [131049, 'marketing_limited'],
  [131050, 'marketing_limited'],
  [131051, 'unsupported_inbound'],
  [131060, 'unsupported_inbound'],
  [131052, 'media'],
  [131053, 'media'],
  [131031, 'integrity'],
  [368, 'integrity'],
  [130497, 'integrity'],
  [131037, 'account'],
  [131042, 'account'],
  [131045, 'account'],
  [133010, 'account'],
]);

/** Maps a Meta error code to what a CRM should do about it. */
export function categorizeGraphErrorCode(code: number): GraphErrorCategory {
  const known = categories.get(code);
  if (known) return known;
  // 132000–132999: template parameter, approval, pacing and disabled-template errors.
  if (code >= 132000 && code < 133000) return 'template';
  // 200–299: permission errors (Graph "Permissions" range).
  if (code >= 200 && code < 300) return 'permission';
  return 'unknown';
}
