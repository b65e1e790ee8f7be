import { encodeMetaJson } from './meta-json.js';
import { webhookEnvelope } from './payloads.js';
import { signWebhook, signWebhookSha1 } from './sign.js';

/** Where the fake posts webhooks: a URL (loopback) or an in-process fetch-style handler. */
export type WebhookTarget = string | ((request: Request) => Promise<Response>);

/** One attempt to deliver a webhook. */
export interface DeliveryAttempt {
  /** Fake-clock time of the attempt. */
  at: number;
  /** HTTP status answered, when there was an answer. */
  status?: number;
  /** Transport error, when there was none. */
  error?: string;
}

/** A webhook POST the fake made (or keeps trying to make). */
export interface WebhookDelivery {
  /** Sequence number. */
  id: number;
  /** The target it goes to. */
  target: string;
  /** The exact body bytes as text (Meta-escaped unless `rawUtf8`). */
  body: string;
  /** The payload before serialisation. */
  payload: unknown;
  /** Attempts so far. */
  attempts: DeliveryAttempt[];
  /** `pending` until a 200, `delivered` after, `dropped` once the retry schedule is exhausted. */
  state: 'pending' | 'delivered' | 'dropped';
  /** Fake-clock time of the next attempt. */
  dueAt: number;
}

/** Settings of the emitter. */
export interface WebhookEmitterSettings {
  appSecret: string;
  targets: () => WebhookTarget[];
  now: () => number;
  /** Delays before each retry; its length is the number of retries. */
  retryDelaysMs: number[];
  rawUtf8: boolean;
  wabaId: string;
}

/**
 * Queues, serialises, signs and posts webhooks like Meta: one POST per batch, retried with growing
 * delays (compressed from Meta's 7 days) on any non-200 or transport failure, then dropped.
 */
export class WebhookEmitter {
  /** Every delivery made, in order. */
  readonly deliveries: WebhookDelivery[] = [];
  readonly #settings: WebhookEmitterSettings;
  #nextId = 1;
  #batch: Array<{ field?: string; value: object }> | undefined;
  #duplicates = 0;
  #flushing: Promise<void> | undefined;
  // Each delivery's own target: several in-process handlers all display as 'in-process'.
  readonly #targetOf = new Map<number, WebhookTarget>();

  constructor(settings: WebhookEmitterSettings) {
    this.#settings = settings;
  }

  /** Queues one change (`messages` value), or adds it to the open batch. */
  enqueue(value: object, field = 'messages', delayMs = 0): void {
    if (this.#batch && delayMs === 0) {
      this.#batch.push({ field, value });
      return;
    }
    this.#queue([{ field, value }], delayMs);
  }

  /** Collects every change queued while `fn` runs into one POST (several entries' worth of changes). */
  async batch<T>(fn: () => Promise<T> | T): Promise<T> {
    const outer = this.#batch;
    this.#batch = [];
    try {
      return await fn();
    } finally {
      const collected = this.#batch;
      this.#batch = outer;
      if (collected.length > 0) this.#queue(collected, 0);
    }
  }

  /** Sends the next `count` POSTs twice, as Meta does when it retries after a lost acknowledgement. */
  duplicateNext(count = 1): void {
    this.#duplicates += count;
  }

  /** Whether a batch is open (inbound calls then do not flush by themselves). */
  get batching(): boolean {
    return this.#batch !== undefined;
  }

  #queue(changes: Array<{ field?: string; value: object }>, delayMs: number): void {
    this.enqueuePayload(webhookEnvelope(this.#settings.wabaId, changes), delayMs);
  }

  /** Queues a whole payload as is (e.g. a dashboard test notification for another `object`). */
  enqueuePayload(payload: object, delayMs = 0): void {
    const body = this.#settings.rawUtf8 ? JSON.stringify(payload) : encodeMetaJson(payload);
    const copies = this.#duplicates > 0 ? 2 : 1;
    if (this.#duplicates > 0) this.#duplicates--;
    for (const target of this.#settings.targets()) {
      for (let i = 0; i < copies; i++) {
        const id = this.#nextId++;
        this.#targetOf.set(id, target);
        this.deliveries.push({
          id,
          target: typeof target === 'string' ? target : 'in-process',
          body,
          payload,
          attempts: [],
          state: 'pending',
          dueAt: this.#settings.now() + delayMs,
        });
      }
    }
  }

  /** Forgets every delivery (pending ones included). */
  reset(): void {
    this.deliveries.length = 0;
    this.#targetOf.clear();
    this.#duplicates = 0;
  }

  /** Fake-clock time of the earliest pending delivery. */
  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const d of this.deliveries)
      if (d.state === 'pending' && (next === undefined || d.dueAt < next)) next = d.dueAt;
    return next;
  }

  /** Attempts every delivery that is due, in order; concurrent calls share one run. */
  flush(): Promise<void> {
    this.#flushing ??= this.#run().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async #run(): Promise<void> {
    for (;;) {
      const now = this.#settings.now();
      const due = this.deliveries
        .filter((d) => d.state === 'pending' && d.dueAt <= now)
        .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
      if (due.length === 0) return;
      for (const delivery of due) await this.#attempt(delivery);
    }
  }

  async #attempt(delivery: WebhookDelivery): Promise<void> {
    const target = this.#targetOf.get(delivery.id);
    const attempt: DeliveryAttempt = { at: this.#settings.now() };
    delivery.attempts.push(attempt);
    try {
      if (!target) throw new Error('no callback configured');
      const request = new Request(typeof target === 'string' ? target : 'http://in-process.invalid/webhook', {
        method: 'POST',
        body: delivery.body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'facebookexternalua',
          'x-hub-signature-256': signWebhook(delivery.body, this.#settings.appSecret),
          'x-hub-signature': signWebhookSha1(delivery.body, this.#settings.appSecret),
        },
      });
      const response = typeof target === 'string' ? await fetch(request) : await target(request);
      await response.arrayBuffer().catch(() => undefined);
      attempt.status = response.status;
    } catch (error) {
      attempt.error = (error as Error).message;
    }
    if (attempt.status === 200) {
      delivery.state = 'delivered';
      this.#targetOf.delete(delivery.id);
      return;
    }
    const delay = this.#settings.retryDelaysMs[delivery.attempts.length - 1];
    if (delay === undefined) {
      delivery.state = 'dropped';
      this.#targetOf.delete(delivery.id);
    } else delivery.dueAt = this.#settings.now() + delay;
  }
}
