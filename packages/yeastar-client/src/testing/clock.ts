/** Handle of a timer scheduled on a {@link FakeClock}. */
export interface ClockTimer {
  /** Virtual time (ms) at which it fires. */
  readonly due: number;
}

interface Entry extends ClockTimer {
  due: number;
  seq: number;
  fn: () => void;
}

/** Options of {@link FakeClock}. */
export interface FakeClockOptions {
  /**
   * Virtual start time (ms since epoch).
   * @defaultValue Date.now()
   */
  start?: number;
  /**
   * When set, the clock follows real time multiplied by this factor (demo mode: 10 = ten times faster)
   * and fires its timers by itself; when unset, time only moves with {@link FakeClock.advance}.
   */
  timeScale?: number;
}

/**
 * A controllable clock for the fake servers: token expiry, the 60 s WebSocket idle limit and call
 * scenarios all run on it. Manual by default (tests move it with `advance`), or real time with a scale.
 */
export class FakeClock {
  readonly #timeScale: number | undefined;
  readonly #realStart = Date.now();
  #virtualStart: number;
  #offset = 0;
  #manualNow: number;
  #seq = 0;
  #timers: Entry[] = [];
  #real: NodeJS.Timeout | undefined;
  #firing = false;

  /** Creates a clock. */
  constructor(options: FakeClockOptions = {}) {
    this.#virtualStart = options.start ?? Date.now();
    this.#manualNow = this.#virtualStart;
    this.#timeScale = options.timeScale;
  }

  /** Whether the clock follows real time. */
  get realTime(): boolean {
    return this.#timeScale !== undefined;
  }

  /** Current virtual time (ms since epoch). */
  now(): number {
    if (this.#timeScale === undefined) return this.#manualNow;
    return this.#virtualStart + (Date.now() - this.#realStart) * this.#timeScale + this.#offset;
  }

  /** Schedules `fn` after `ms` of virtual time. */
  setTimeout(fn: () => void, ms: number): ClockTimer {
    const entry: Entry = { due: this.now() + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.push(entry);
    this.#timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
    this.#arm();
    return entry;
  }

  /** Cancels a timer. */
  clearTimeout(timer: ClockTimer | undefined): void {
    if (!timer) return;
    const i = this.#timers.indexOf(timer as Entry);
    if (i >= 0) this.#timers.splice(i, 1);
    this.#arm();
  }

  /** Number of pending timers. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Moves virtual time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.now() + ms;
    this.#fireUntil(target);
    if (this.#timeScale === undefined) this.#manualNow = target;
    else this.#offset += target - this.now();
    this.#arm();
  }

  /** Fires every pending timer (and those they schedule), up to `limit` of them; returns the count. */
  runAll(limit = 10_000): number {
    let n = 0;
    while (this.#timers.length > 0 && n < limit) {
      const next = this.#timers[0];
      if (!next) break;
      this.advance(Math.max(0, next.due - this.now()));
      n++;
    }
    return n;
  }

  /** Stops the real-time timer (pending timers stay, unfired). */
  dispose(): void {
    clearTimeout(this.#real);
    this.#real = undefined;
    this.#timers = [];
  }

  #fireUntil(target: number): void {
    if (this.#firing) return;
    this.#firing = true;
    try {
      for (let next = this.#timers[0]; next && next.due <= target; next = this.#timers[0]) {
        this.#timers.shift();
        if (this.#timeScale === undefined) this.#manualNow = Math.max(this.#manualNow, next.due);
        next.fn();
      }
    } finally {
      this.#firing = false;
    }
  }

  #arm(): void {
    if (this.#timeScale === undefined || this.#firing) return;
    clearTimeout(this.#real);
    const next = this.#timers[0];
    if (!next) return;
    const delay = Math.max(0, (next.due - this.now()) / this.#timeScale);
    this.#real = setTimeout(
      () => {
        this.#fireUntil(this.now());
        this.#arm();
      },
      Math.min(delay, 2 ** 31 - 1),
    );
    this.#real.unref?.();
  }
}
