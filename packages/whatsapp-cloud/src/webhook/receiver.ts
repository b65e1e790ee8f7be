import { EventEmitter } from 'eventemitter3';
import { WebhookError, type WhatsAppError } from '../errors.js';
import {
  type ResolvedWebhookSchemaOptions,
  resolveOptions,
  type WebhookSchemaInput,
  webhookOptionsSchema,
} from '../options.js';
import { createMemoryDedupeStore, type DedupeStore } from './dedupe-store.js';
import { parseWebhook } from './parse.js';
import { prepareSignatureKeys, type SignatureKeys, verifySignature } from './signature.js';
import type { WebhookEvent } from './types.js';
import { verifyChallenge } from './verify-challenge.js';

/** Options of the webhook handlers ({@link WebhookReceiver} and the adapters). */
export interface WebhookOptions extends WebhookSchemaInput {
  /**
   * Receives the new (deduplicated) events of one POST. The POST is answered 200 only after the
   * returned promise resolves, so make the write durable here; a rejection answers 500 and Meta
   * redelivers later. When omitted, events are only emitted as `events`.
   */
  onEvents?: (events: WebhookEvent[]) => void | Promise<void>;
  /** Where processed keys are remembered. @defaultValue an in-memory LRU of 10 000 keys */
  dedupeStore?: DedupeStore;
  /** Clock for `receivedAt`. @defaultValue `() => new Date()` */
  now?: () => Date;
}

/** Webhook options after validation. */
export interface ResolvedWebhookOptions extends ResolvedWebhookSchemaOptions {
  /** See {@link WebhookOptions.onEvents}. */
  onEvents: ((events: WebhookEvent[]) => void | Promise<void>) | undefined;
  /** See {@link WebhookOptions.dedupeStore}; undefined when `dedupe` is false. */
  dedupeStore: DedupeStore | undefined;
  /** See {@link WebhookOptions.now}. */
  now: () => Date;
}

/** Events of a {@link WebhookReceiver}. */
export interface WebhookReceiverEvents {
  /** New events were accepted (after `onEvents` resolved). */
  events: [events: WebhookEvent[]];
  /** An event was dropped as a redelivery of one already processed. */
  duplicate: [event: WebhookEvent];
  /** A request was rejected (bad signature, bad verify token, too large, not JSON, …). */
  rejected: [error: WebhookError];
  /** `onEvents` failed; the POST was answered 500 so Meta will redeliver. */
  error: [error: WhatsAppError];
  /** Diagnostic messages (no secrets). */
  debug: [message: string];
}

/** A transport-neutral HTTP answer the adapters turn into their own response type. */
export interface WebhookResponse {
  /** HTTP status. */
  status: number;
  /** Plain-text body. */
  body: string;
  /** The rejection, for non-2xx answers. */
  error?: WebhookError;
}

/**
 * The transport-neutral webhook core: verification GET, then for each POST signature → parse →
 * dedupe → `onEvents` → 200. The fetch, Node and Fastify adapters are thin wrappers around it.
 *
 * @example
 * ```ts
 * const receiver = new WebhookReceiver({ appSecret, verifyToken, onEvents: (events) => store(events) });
 * const { status, body } = await receiver.handlePost(rawBytes, headers['x-hub-signature-256']);
 * ```
 */
export class WebhookReceiver extends EventEmitter<WebhookReceiverEvents> {
  /** The validated options. */
  readonly options: ResolvedWebhookOptions;
  readonly #keys: SignatureKeys;
  readonly #inFlight = new Map<string, Promise<void>>();

  /** Validates options once; throws a `WhatsAppConfigError` when they are wrong. */
  constructor(options: WebhookOptions) {
    super();
    const resolved = resolveOptions(webhookOptionsSchema, options, 'webhook');
    this.options = {
      ...resolved,
      onEvents: options.onEvents,
      dedupeStore: resolved.dedupe ? (options.dedupeStore ?? createMemoryDedupeStore()) : undefined,
      now: options.now ?? (() => new Date()),
    };
    this.#keys = prepareSignatureKeys(resolved.appSecret);
  }

  /** Answers the verification GET: 200 with the challenge, or 403. */
  handleGet(params: URLSearchParams): WebhookResponse {
    try {
      return { status: 200, body: verifyChallenge(params, this.options.verifyToken) };
    } catch (error) {
      return this.#reject(error as WebhookError);
    }
  }

  /** Handles a POST from its exact raw bytes and its `X-Hub-Signature-256` header. */
  async handlePost(body: Uint8Array, signature: string | null | undefined): Promise<WebhookResponse> {
    let events: WebhookEvent[];
    try {
      if (body.byteLength > this.options.maxBodyBytes) throw this.tooLarge(body.byteLength);
      verifySignature(body, signature, this.#keys);
      events = parseWebhook(body, { receivedAt: this.options.now() }).events;
    } catch (error) {
      if (error instanceof WebhookError) return this.#reject(error);
      throw error;
    }
    try {
      await this.dispatch(events);
      return { status: 200, body: 'OK' };
    } catch (cause) {
      const error = new WebhookError(
        'The onEvents callback failed; answering 500 so Meta redelivers',
        'HANDLER_FAILED',
        500,
        { cause },
      );
      this.emit('error', error);
      return { status: 500, body: error.message, error };
    }
  }

  /** The 413 error for a body over `maxBodyBytes` (adapters throw it while still streaming). */
  tooLarge(size: number): WebhookError {
    return new WebhookError(
      `Webhook body of ${size} bytes exceeds maxBodyBytes (${this.options.maxBodyBytes})`,
      'BODY_TOO_LARGE',
      413,
    );
  }

  /**
   * Deduplicates verified events and hands the new ones to `onEvents`. Keys are recorded only after
   * the callback resolved, and a redelivery that arrives while the first delivery is still being
   * processed waits for it instead of racing it.
   */
  async dispatch(events: WebhookEvent[]): Promise<void> {
    const store = this.options.dedupeStore;
    if (!store) {
      if (events.length > 0) await this.#deliver(events);
      return;
    }
    let done!: () => void;
    const settled = new Promise<void>((resolve) => {
      done = resolve;
    });
    // Claim keys synchronously, before the first await, so two concurrent deliveries of the same
    // item cannot both pass the store check.
    const claimed = new Set<string>();
    const accepted = new Set<string>();
    const waiting: WebhookEvent[] = [];
    const duplicates = new Set<WebhookEvent>();
    const keyOf = (event: WebhookEvent) => event.idempotencyKey;
    for (const event of events) {
      const key = keyOf(event);
      if (claimed.has(key)) duplicates.add(event);
      else if (this.#inFlight.has(key)) waiting.push(event);
      else {
        claimed.add(key);
        this.#inFlight.set(key, settled);
      }
    }
    try {
      for (const event of waiting) {
        const key = keyOf(event);
        // Wait once for the delivery that held the key when this one started. If another delivery took
        // the key meanwhile (the first failed), leave it there: it answers 500 on failure, so Meta
        // redelivers it. Waiting only on earlier holders means two deliveries never wait on each other.
        await this.#inFlight.get(key);
        if (claimed.has(key) || this.#inFlight.has(key)) duplicates.add(event);
        else {
          claimed.add(key);
          this.#inFlight.set(key, settled);
        }
      }
      for (const key of claimed) if (!(await store.has(key))) accepted.add(key);
      const fresh: WebhookEvent[] = [];
      for (const event of events) {
        const key = keyOf(event);
        if (accepted.has(key)) {
          fresh.push(event);
          accepted.delete(key);
        } else duplicates.add(event);
      }
      for (const event of duplicates) this.emit('duplicate', event);
      if (fresh.length === 0) return;
      await this.#deliver(fresh);
      for (const event of fresh) await store.add(keyOf(event));
    } finally {
      for (const key of claimed) if (this.#inFlight.get(key) === settled) this.#inFlight.delete(key);
      done();
    }
  }

  async #deliver(events: WebhookEvent[]): Promise<void> {
    const callback = this.options.onEvents?.(events);
    if (callback) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`onEvents did not settle within ${this.options.callbackTimeoutMs} ms`)),
          this.options.callbackTimeoutMs,
        );
        timer.unref?.();
      });
      try {
        await Promise.race([callback, timeout]);
      } finally {
        clearTimeout(timer);
      }
    }
    this.emit('events', events);
    this.emit('debug', `accepted ${events.length} webhook event(s)`);
  }

  #reject(error: WebhookError): WebhookResponse {
    this.emit('rejected', error);
    return { status: error.httpStatus, body: error.message, error };
  }
}

/** Builds a {@link WebhookReceiver}, or returns the one passed in. */
export function toReceiver(options: WebhookOptions | WebhookReceiver): WebhookReceiver {
  return options instanceof WebhookReceiver ? options : new WebhookReceiver(options);
}
