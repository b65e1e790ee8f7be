import type { ResolvedCacheOptions } from '../options.js';
import type { LookupResult, SpamVerdict } from '../types.js';
import { Lru } from './lru.js';

/** A cached answer with its freshness windows (all absolute times from the engine's clock). */
export interface CacheEntry {
  /** The answer as it will be served from cache (`source: 'cache'`, no spam: that is stored apart). */
  readonly result: LookupResult;
  readonly freshUntil: number;
  readonly staleUntil: number;
  readonly keepUntil: number;
}

/** How usable a cache entry is right now. */
export type CacheState = 'fresh' | 'stale' | 'kept';

interface SpamEntry {
  readonly verdict: SpamVerdict;
  readonly expiresAt: number;
}

/**
 * Answers by number, with separate positive and negative TTLs, a stale-while-revalidate window and a
 * longer keep-on-error window; spam verdicts live in their own store with their own TTL, so a name is
 * never stored with a spam prefix and a verdict survives a name refresh (superfecta #23).
 */
export class ResultCache {
  readonly #entries: Lru<string, CacheEntry>;
  readonly #spam: Lru<string, SpamEntry>;

  constructor(private readonly options: ResolvedCacheOptions) {
    this.#entries = new Lru(options.max);
    this.#spam = new Lru(options.max);
  }

  get size(): number {
    return this.#entries.size;
  }

  get spamSize(): number {
    return this.#spam.size;
  }

  /** The entry for `key` and how usable it is at `now`; expired entries are dropped. */
  get(key: string, now: number): { entry: CacheEntry; state: CacheState } | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (now < entry.freshUntil) return { entry, state: 'fresh' };
    if (now < entry.staleUntil) return { entry, state: 'stale' };
    if (now < entry.keepUntil) return { entry, state: 'kept' };
    this.#entries.delete(key);
    return undefined;
  }

  /** Store an answer as positive (hit) or negative (miss, or a hit while better providers failed). */
  set(key: string, result: LookupResult, kind: 'positive' | 'negative', now: number): void {
    const ttl = kind === 'positive' ? this.options.ttlMs : this.options.negativeTtlMs;
    const { spam: _spam, ...rest } = result;
    const cached: LookupResult = Object.freeze({
      ...rest,
      source: 'cache',
      complete: true,
      pending: [],
      durationMs: 0,
    });
    const freshUntil = now + ttl;
    const staleUntil = freshUntil + this.options.staleWhileRevalidateMs;
    this.#entries.set(key, {
      result: cached,
      freshUntil,
      staleUntil,
      keepUntil: staleUntil + this.options.staleIfErrorMs,
    });
  }

  /** The spam verdict stored for `number`, if still valid. */
  spam(number: string, now: number): SpamVerdict | undefined {
    if (this.#spam.size === 0) return undefined;
    const entry = this.#spam.get(number);
    if (!entry) return undefined;
    if (now < entry.expiresAt) return entry.verdict;
    this.#spam.delete(number);
    return undefined;
  }

  /** Store (or, with `undefined`, leave alone) a spam verdict for `number`. */
  setSpam(number: string, verdict: SpamVerdict | undefined, now: number): void {
    if (verdict) this.#spam.set(number, { verdict, expiresAt: now + this.options.spamTtlMs });
  }

  delete(key: string, number: string): void {
    this.#entries.delete(key);
    this.#spam.delete(number);
  }

  clear(): void {
    this.#entries.clear();
    this.#spam.clear();
  }
}
