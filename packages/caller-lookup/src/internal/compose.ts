import type { NormalizedPhone } from '../phone/types.js';
import type { LookupResult, LookupSource, ProviderMatch, SpamVerdict, TraceEntry } from '../types.js';
import type { Run } from './flight.js';
import { identifies } from './sanitize.js';

/** Drop repeated contacts of one provider (same contact id, or same name, company and e-mail). */
function dedupe(matches: readonly ProviderMatch[]): ProviderMatch[] {
  const seen = new Set<string>();
  const out: ProviderMatch[] = [];
  for (const match of matches) {
    const key =
      match.contactId !== undefined
        ? `id:${match.contactId}`
        : `nce:${match.name}|${match.company}|${match.email}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(match);
  }
  return out;
}

/** The highest spam score any finished provider gave, kept apart from names (superfecta #23). */
export function spamVerdict(runs: readonly Run[], threshold: number): SpamVerdict | undefined {
  let score = -1;
  const providers: string[] = [];
  for (const run of runs) {
    for (const match of run.matches) {
      if (match.spamScore === undefined) continue;
      if (!providers.includes(match.provider)) providers.push(match.provider);
      score = Math.max(score, match.spamScore);
    }
  }
  return score < 0 ? undefined : { score, spam: score >= threshold, providers };
}

/** Turn the current state of a flight into a result; pure, called at the deadline and at the end. */
export function composeResult(
  phone: NormalizedPhone,
  runs: readonly Run[],
  startedAt: number,
  now: number,
  spamThreshold: number,
): LookupResult {
  const winner = runs.find((run) => run.outcome === 'hit');
  const matches = winner ? dedupe(winner.matches.filter(identifies)) : [];
  const trace: TraceEntry[] = runs.map((run) => {
    const entry: { -readonly [K in keyof TraceEntry]: TraceEntry[K] } = {
      provider: run.runtime.id,
      outcome: run.outcome,
      matches: run.matches.length,
    };
    if (run.startedAt !== undefined) entry.startedAtMs = run.startedAt - startedAt;
    if (run.startedAt !== undefined && run.settledAt !== undefined)
      entry.durationMs = run.settledAt - run.startedAt;
    if (run.error) entry.error = run.error.message;
    return entry;
  });
  const pending = runs.filter((run) => run.outcome === 'pending').map((run) => run.runtime.id);
  const result: { -readonly [K in keyof LookupResult]: LookupResult[K] } = {
    status: matches.length === 0 ? 'miss' : matches.length === 1 ? 'hit' : 'ambiguous',
    phone,
    matches,
    source: 'providers' satisfies LookupSource,
    complete: pending.length === 0,
    pending,
    trace,
    durationMs: now - startedAt,
  };
  if (matches.length === 1) result.match = matches[0];
  if (winner) result.provider = winner.runtime.id;
  const spam = spamVerdict(runs, spamThreshold);
  if (spam) result.spam = spam;
  return result;
}

/** Whether a finished flight's answer may be cached, and for how long (`positive` or `negative` TTL). */
export function cachePolicy(runs: readonly Run[]): 'positive' | 'negative' | 'none' {
  const failed = (run: Run) =>
    run.outcome === 'error' || run.outcome === 'timeout' || run.outcome === 'circuit-open';
  const winnerIndex = runs.findIndex((run) => run.outcome === 'hit');
  if (winnerIndex >= 0) {
    // A higher-priority provider failed: its answer might have been better, so keep this one briefly.
    return runs.slice(0, winnerIndex).some(failed) ? 'negative' : 'positive';
  }
  // Never cache "nobody" when a provider could not answer: that is how misses get stuck (issue #6).
  return runs.some(failed) ? 'none' : 'negative';
}

/** A cheap fingerprint to tell whether a later answer differs from an earlier one. */
export function fingerprint(result: LookupResult): string {
  const ids = result.matches.map((m) => `${m.provider}:${m.contactId ?? ''}:${m.name ?? ''}`).join(',');
  return `${result.status}|${ids}|${result.spam?.score ?? ''}`;
}
