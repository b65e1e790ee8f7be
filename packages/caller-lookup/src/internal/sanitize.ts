import type { CallerMatch } from '../types.js';

const MAX_TEXT = 1024;
const MAX_MATCHES = 50;

function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, MAX_TEXT);
}

/**
 * Copy what a provider returned into clean {@link CallerMatch}es: known fields only, strings trimmed
 * and capped, scores clamped. Provider output is remote, sometimes attacker-influenced data.
 * Returns `undefined` when the output is not an array at all.
 */
export function sanitizeMatches(output: unknown): CallerMatch[] | undefined {
  if (output === null || output === undefined) return [];
  if (!Array.isArray(output)) return undefined;
  const matches: CallerMatch[] = [];
  for (const item of output.slice(0, MAX_MATCHES)) {
    if (typeof item !== 'object' || item === null) continue;
    const raw = item as Record<string, unknown>;
    const match: CallerMatch = {};
    for (const key of ['name', 'company', 'email', 'contactId', 'url', 'matchedKey'] as const) {
      const value = text(raw[key]);
      if (value !== undefined) match[key] = value;
    }
    if (Array.isArray(raw.tags)) {
      const tags = raw.tags.map(text).filter((t): t is string => t !== undefined);
      if (tags.length > 0) match.tags = tags;
    }
    if (typeof raw.fields === 'object' && raw.fields !== null && !Array.isArray(raw.fields)) {
      match.fields = { ...(raw.fields as Record<string, unknown>) };
    }
    const score = typeof raw.spamScore === 'string' ? Number(raw.spamScore) : raw.spamScore;
    if (typeof score === 'number' && Number.isFinite(score))
      match.spamScore = Math.min(100, Math.max(0, score));
    if (Object.keys(match).length > 0) matches.push(match);
  }
  return matches;
}

/** Whether a match names someone (as opposed to a bare spam verdict). */
export function identifies(match: CallerMatch): boolean {
  return (
    match.name !== undefined ||
    match.company !== undefined ||
    match.contactId !== undefined ||
    match.email !== undefined ||
    match.url !== undefined
  );
}
