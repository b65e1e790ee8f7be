import type { NormalizedPhone, PhoneKind } from '../phone/types.js';
import type { CallerIdProvider, CallerMatch, ProviderChange, ProviderContext } from '../types.js';

/** One scripted answer of a {@link FakeProvider}. */
export interface FakeStep {
  /** Wait this long first (honours the abort signal unless `ignoreAbort`). @defaultValue 0 */
  latencyMs?: number;
  /** Answer with these matches (instead of the contact table). */
  matches?: CallerMatch[];
  /** Fail with this error (a string becomes an `Error`). */
  error?: Error | string;
  /** Never answer (until aborted, or forever with `ignoreAbort`). */
  hang?: boolean;
  /** Behave like a badly written provider that ignores its abort signal. */
  ignoreAbort?: boolean;
  /** Return this raw value verbatim (to test the engine's output checks). */
  raw?: unknown;
}

/** Options of {@link createFakeProvider}. */
export interface FakeProviderOptions {
  /** Provider id. @defaultValue 'fake' */
  id?: string;
  /** Contacts by E.164 (or extension digits); the default answer source. */
  contacts?: Record<string, CallerMatch | CallerMatch[]>;
  /** Behaviour of every call without a scripted step (latency, errors, hangs). @defaultValue `{}` */
  defaults?: FakeStep;
  /** Kinds of number it takes. @defaultValue `['e164']` */
  kinds?: readonly PhoneKind[];
  /** Its own timeout. */
  timeoutMs?: number;
}

/** A scriptable in-memory provider: contacts, latency, errors, hangs, and a record of every call. */
export class FakeProvider implements CallerIdProvider {
  /** Provider id. */
  readonly id: string;
  /** Kinds of number it takes. */
  readonly kinds: readonly PhoneKind[] | undefined;
  /** Its own timeout. */
  readonly timeoutMs: number | undefined;
  /** Every number it was asked about, in order. */
  readonly calls: NormalizedPhone[] = [];
  /** How many calls were aborted while running. */
  aborted = 0;
  /** Calls running now. */
  active = 0;
  /** Behaviour of calls without a scripted step; change it any time. */
  defaults: FakeStep;
  readonly #contacts = new Map<string, CallerMatch[]>();
  readonly #steps: FakeStep[] = [];
  readonly #listeners = new Set<(change: ProviderChange) => void>();

  /** @param options - See {@link FakeProviderOptions}. */
  constructor(options: FakeProviderOptions = {}) {
    this.id = options.id ?? 'fake';
    this.kinds = options.kinds;
    this.timeoutMs = options.timeoutMs;
    this.defaults = options.defaults ?? {};
    for (const [number, matches] of Object.entries(options.contacts ?? {})) this.set(number, matches);
  }

  /** Set (and announce to the engine) the contacts of one number. */
  set(number: string, matches: CallerMatch | CallerMatch[]): this {
    this.#contacts.set(number, Array.isArray(matches) ? matches : [matches]);
    for (const listener of this.#listeners) listener({ numbers: [number] });
    return this;
  }

  /** Queue answers for the next calls, in order. */
  script(...steps: FakeStep[]): this {
    this.#steps.push(...steps);
    return this;
  }

  /** Register for contact changes (used by the engine to invalidate its cache). */
  subscribe(listener: (change: ProviderChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Answer per the next scripted step, or the defaults and the contact table. */
  async lookup(phone: NormalizedPhone, { signal }: ProviderContext): Promise<readonly CallerMatch[]> {
    this.calls.push(phone);
    const step = this.#steps.shift() ?? this.defaults;
    this.active++;
    try {
      if (step.hang) await wait(Number.POSITIVE_INFINITY, step.ignoreAbort ? undefined : signal);
      if (step.latencyMs) await wait(step.latencyMs, step.ignoreAbort ? undefined : signal);
    } catch (error) {
      this.aborted++;
      throw error;
    } finally {
      this.active--;
    }
    if (step.error !== undefined) throw typeof step.error === 'string' ? new Error(step.error) : step.error;
    if ('raw' in step) return step.raw as CallerMatch[];
    if (step.matches) return step.matches;
    return this.#contacts.get(phone.e164 ?? phone.digits) ?? [];
  }
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    // An infinite hang holds no timer: it only ends through the signal.
    const timer = Number.isFinite(ms) ? setTimeout(resolve, ms) : undefined;
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * Build a {@link FakeProvider}.
 *
 * @example
 * ```ts
 * const crm = createFakeProvider({ id: 'crm', contacts: { '+306974015758': { name: 'Maria' } } });
 * crm.script({ latencyMs: 2000 }, { error: 'CRM down' }, { hang: true });
 * ```
 */
export function createFakeProvider(options?: FakeProviderOptions): FakeProvider {
  return new FakeProvider(options);
}
