/**
 * Slows password guessing: after `maxFailures` failed logins for one client address and username within
 * `windowMs`, further attempts are refused until the window has passed. In memory, per instance, bounded.
 */
export class LoginThrottle {
  readonly #failures = new Map<string, { count: number; since: number }>();

  constructor(
    readonly maxFailures = 10,
    readonly windowMs = 15 * 60_000,
    readonly now: () => number = Date.now,
    readonly maxKeys = 10_000,
  ) {}

  static key(ip: string, username: string): string {
    return `${ip}\u0000${username.toLowerCase()}`;
  }

  /** Milliseconds until this key may try again; 0 when it may try now. */
  retryAfterMs(key: string): number {
    const f = this.#failures.get(key);
    if (!f) return 0;
    const left = f.since + this.windowMs - this.now();
    if (left <= 0) {
      this.#failures.delete(key);
      return 0;
    }
    return f.count >= this.maxFailures ? left : 0;
  }

  failed(key: string): void {
    const now = this.now();
    const f = this.#failures.get(key);
    if (f && f.since + this.windowMs > now) f.count++;
    else this.#failures.set(key, { count: 1, since: now });
    if (this.#failures.size > this.maxKeys) this.#prune(now);
  }

  succeeded(key: string): void {
    this.#failures.delete(key);
  }

  #prune(now: number): void {
    for (const [k, f] of this.#failures) if (f.since + this.windowMs <= now) this.#failures.delete(k);
    // Still too many (an attack from many addresses): forget the oldest.
    for (const k of this.#failures.keys()) {
      if (this.#failures.size <= this.maxKeys) break;
      this.#failures.delete(k);
    }
  }
}
