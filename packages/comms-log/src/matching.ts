import type { CommsEntry, Counterpart, Handle, MatchState } from './types.js';

/** The handles of a counterpart, in the order the index is asked. */
export function handlesOf(counterpart: Counterpart): Handle[] {
  const out: Handle[] = [];
  if (counterpart.phone) out.push({ kind: 'phone', value: counterpart.phone });
  if (counterpart.waId) out.push({ kind: 'waId', value: counterpart.waId });
  if (counterpart.bsuid) out.push({ kind: 'bsuid', value: counterpart.bsuid });
  if (counterpart.email) out.push({ kind: 'email', value: counterpart.email });
  return out;
}

/** A handle as one string, `kind:value` (map keys, logs). */
export function handleKey(handle: Handle): string {
  return `${handle.kind}:${handle.value}`;
}

/** The match part of an entry. */
export interface MatchResult {
  /** The state. */
  match: MatchState;
  /** The customer when matched. */
  customerId?: string;
  /** The candidates when ambiguous (sorted, distinct). */
  candidates: string[];
}

/**
 * The match of an entry whose handles belong to these customers: none → `unmatched`, one → `matched`, more →
 * `ambiguous` with every candidate kept. Linking to every match is what produced one call logged once per
 * contact sharing a number (ringcentral/hubspot-embeddable-ringcentral-phone #230, #231, #238).
 */
export function resolveMatch(customerIds: Iterable<string>): MatchResult {
  const candidates = [...new Set(customerIds)].sort();
  if (candidates.length === 0) return { match: 'unmatched', candidates: [] };
  if (candidates.length === 1)
    return { match: 'matched', customerId: candidates[0] as string, candidates: [] };
  return { match: 'ambiguous', candidates };
}

/** Which counterparts are us: our DIDs and WhatsApp business numbers, our extensions, anything `exclude` says. */
export interface ExclusionRules {
  /** Our own numbers (E.164 DIDs, WhatsApp business numbers as E.164 or wa_id digits). */
  ownNumbers: ReadonlySet<string>;
  /** A counterpart phone matching this is one of our extensions. */
  extensionPattern: RegExp;
  /** Host-specific rule, consulted last. */
  exclude?: ((entry: CommsEntry) => boolean) | undefined;
}

/**
 * Whether an entry is `excluded` from matching: internal calls, and counterparts that are our own numbers or
 * extensions (frappe/crm #975: agents' own numbers got matched to customers).
 */
export function isExcluded(entry: CommsEntry, rules: ExclusionRules): boolean {
  if (entry.channel === 'note') return false;
  if (entry.direction === 'internal') return true;
  const { phone, waId } = entry.counterpart;
  if (phone !== undefined && (rules.ownNumbers.has(phone) || rules.extensionPattern.test(phone))) return true;
  if (waId !== undefined && (rules.ownNumbers.has(waId) || rules.ownNumbers.has(`+${waId}`))) return true;
  return rules.exclude?.(entry) ?? false;
}

/** Applies a match to an entry (a new object). */
export function withMatch(entry: CommsEntry, result: MatchResult): CommsEntry {
  const next: CommsEntry = { ...entry, match: result.match, candidates: result.candidates };
  if (result.customerId !== undefined) next.customerId = result.customerId;
  else delete next.customerId;
  return next;
}

/** Whether two entries have the same match. */
export function sameMatch(a: CommsEntry, b: MatchResult | CommsEntry): boolean {
  return (
    a.match === b.match &&
    a.customerId === b.customerId &&
    a.candidates.join('\u0001') === b.candidates.join('\u0001')
  );
}
