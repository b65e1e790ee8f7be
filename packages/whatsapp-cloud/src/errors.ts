/**
 * Every error class of `@pbxkit/whatsapp-cloud`, and the classifiers that turn a Graph error code
 * (from a synchronous HTTP error or from a webhook `errors[]` object) into an action for a CRM.
 */

import { categorizeGraphErrorCode, type GraphErrorCategory } from './error-codes.js';

export { categorizeGraphErrorCode, type GraphErrorCategory };

const marker = Symbol.for('pbxkit.whatsapp-cloud.error');

/** The pbxkit-level code of an error that is not a Graph API error. */
export type WhatsAppErrorCode =
  | 'CONFIG'
  | 'VALIDATION'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'INVALID_RESPONSE'
  | 'MEDIA_INTEGRITY'
  | WebhookErrorCode;

/** Why a webhook request was rejected. */
export type WebhookErrorCode =
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_MALFORMED'
  | 'SIGNATURE_MISMATCH'
  | 'VERIFY_TOKEN_MISMATCH'
  | 'VERIFY_MODE_INVALID'
  | 'BODY_TOO_LARGE'
  | 'BODY_ALREADY_PARSED'
  | 'INVALID_JSON'
  | 'METHOD_NOT_ALLOWED'
  | 'HANDLER_FAILED';

/** Base class of every error this package throws or emits; `code` says what went wrong. */
export class WhatsAppError extends Error {
  /** Whether `error` is a {@link WhatsAppError}, even across copies of this package; on a subclass, of that class. */
  static isInstance<T extends abstract new (...args: never[]) => WhatsAppError>(
    this: T,
    error: unknown,
  ): error is InstanceType<T> {
    if (typeof error !== 'object' || error === null || !((error as Record<symbol, unknown>)[marker] === true))
      return false;
    // The marker also recognises errors from another copy of this package. Called on a subclass, it
    // matches that class only: by prototype, or by name for an error from another copy.
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class isInstance was called on.
    // biome-ignore lint/complexity/noUselessThisAlias: named once, so the check reads as one expression.
    const cls: T = this;
    return (
      (cls as unknown) === WhatsAppError ||
      error instanceof cls ||
      (error as { name?: unknown }).name === cls.name
    );
  }

  /** A pbxkit code, or Meta's numeric error code for a {@link GraphApiError}. */
  readonly code: WhatsAppErrorCode | number;

  /** Creates an error with a code; pass the underlying failure as `options.cause`. */
  constructor(message: string, code: WhatsAppErrorCode | number, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
    Object.defineProperty(this, marker, { value: true });
  }
}

/** Options failed validation (thrown by constructors and factories). */
export class WhatsAppConfigError extends WhatsAppError {
  /** Creates a configuration error. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'CONFIG', options);
  }
}

/** A message payload breaks one of Meta's documented limits, caught before the request is sent. */
export class WhatsAppValidationError extends WhatsAppError {
  /** Creates a pre-flight validation error. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'VALIDATION', options);
  }
}

/** A webhook request was rejected; `httpStatus` is the response to send back. */
export class WebhookError extends WhatsAppError {
  declare readonly code: WebhookErrorCode;
  /** The HTTP status the adapters answer with. */
  readonly httpStatus: number;
  /** A human hint about the likely cause (e.g. a re-serialised body), when there is one. */
  readonly hint: string | undefined;

  /** Creates a webhook rejection. */
  constructor(
    message: string,
    code: WebhookErrorCode,
    httpStatus: number,
    options?: ErrorOptions & { hint?: string },
  ) {
    super(options?.hint ? `${message} (${options.hint})` : message, code, options);
    this.httpStatus = httpStatus;
    this.hint = options?.hint;
  }
}

/** The request to the Graph API never got a usable answer (connection failure, reset, timeout). */
export class WhatsAppNetworkError extends WhatsAppError {
  /** HTTP method of the failed request. */
  readonly method: string;
  /** URL of the failed request (no token: tokens travel in a header). */
  readonly url: string;
  /** True when the connection was never established, so the request provably did not reach Meta. */
  readonly connectFailed: boolean;
  /** Whether retrying cannot cause a duplicate send. */
  readonly isRetryable: boolean;

  /** Creates a network error. */
  constructor(
    message: string,
    init: { method: string; url: string; connectFailed: boolean; isRetryable: boolean; timeout?: boolean },
    options?: ErrorOptions,
  ) {
    super(message, init.timeout ? 'TIMEOUT' : 'NETWORK', options);
    this.method = init.method;
    this.url = init.url;
    this.connectFailed = init.connectFailed;
    this.isRetryable = init.isRetryable;
  }
}

/** Meta answered 2xx with a body this package cannot read, or downloaded media failed its sha256 check. */
export class WhatsAppResponseError extends WhatsAppError {
  /** HTTP status of the response. */
  readonly status: number;
  /** The response body as text (truncated to 2 KB). */
  readonly responseBody: string;

  /** Creates a response error. */
  constructor(
    message: string,
    init: { status: number; responseBody: string; code?: 'INVALID_RESPONSE' | 'MEDIA_INTEGRITY' },
    options?: ErrorOptions,
  ) {
    super(message, init.code ?? 'INVALID_RESPONSE', options);
    this.status = init.status;
    this.responseBody = init.responseBody.slice(0, 2048);
  }
}

/**
 * A webhook-style error object, as found in `value.errors[]`, `messages[].errors[]` and
 * `statuses[].errors[]` (Meta: webhooks/reference/messages/errors).
 */
export interface WebhookErrorObject {
  /** Meta's numeric error code, e.g. 131047. */
  code: number;
  /** Short title (deprecated by Meta in favour of `code` + `details`). */
  title?: string;
  /** Same as title. */
  message?: string;
  /** `error_data.details`: the specific explanation. */
  details?: string;
  /** Link to Meta's error code page. */
  href?: string;
}

/** Graph codes after which a retry is safe and useful: nothing was sent, Meta asked us to slow down. */
const THROTTLE_CODES = new Set([4, 80007, 130429, 131056]);

/**
 * A non-2xx answer from the Graph API, with Meta's error envelope decoded
 * (`{ error: { message, type, code, error_subcode, error_data.details, fbtrace_id } }`).
 */
export class GraphApiError extends WhatsAppError {
  declare readonly code: number;
  /** `error_subcode` (deprecated by Meta since v16 but still sent). */
  readonly subcode: number | undefined;
  /** `error.type`, e.g. `OAuthException`. */
  readonly type: string | undefined;
  /** `error_data.details`: the specific explanation Meta recommends building on. */
  readonly details: string | undefined;
  /** `fbtrace_id`, to quote to Meta support. */
  readonly fbtraceId: string | undefined;
  /** HTTP status of the response. */
  readonly status: number;
  /** HTTP method of the request. */
  readonly method: string;
  /** Request URL (tokens never appear in it). */
  readonly url: string;
  /** Raw response body as text (truncated to 4 KB). */
  readonly responseBody: string;
  /** Delay Meta asked for in `Retry-After`, in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** What a CRM should do about this error. */
  readonly category: GraphErrorCategory;
  /** Whether retrying cannot send twice: throttling codes always; transient codes and 5xx only for reads. */
  readonly isRetryable: boolean;

  /** Builds the error from a response; prefer {@link GraphApiError.fromResponse}. */
  constructor(
    message: string,
    init: {
      code: number;
      subcode?: number;
      type?: string;
      details?: string;
      fbtraceId?: string;
      status: number;
      method: string;
      url: string;
      responseBody: string;
      retryAfterMs?: number;
    },
    options?: ErrorOptions,
  ) {
    super(message, init.code, options);
    this.subcode = init.subcode;
    this.type = init.type;
    this.details = init.details;
    this.fbtraceId = init.fbtraceId;
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    this.responseBody = init.responseBody.slice(0, 4096);
    this.retryAfterMs = init.retryAfterMs;
    this.category = categorizeGraphErrorCode(init.code);
    const idempotent = init.method === 'GET' || init.method === 'DELETE' || init.method === 'HEAD';
    this.isRetryable =
      THROTTLE_CODES.has(init.code) ||
      (idempotent && (this.category === 'transient' || init.status >= 500 || init.status === 429));
  }

  /** Decodes a Graph error response body (any shape: JSON envelope, HTML from a proxy, empty). */
  static fromResponse(init: {
    status: number;
    method: string;
    url: string;
    body: string;
    retryAfter?: string | null;
  }): GraphApiError {
    let envelope: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(init.body);
      const inner = isRecord(parsed) ? parsed.error : undefined;
      if (isRecord(inner)) envelope = inner;
    } catch {
      // Not JSON (a proxy's HTML page, an empty 502): keep the text in responseBody.
    }
    const code = typeof envelope?.code === 'number' ? envelope.code : init.status >= 500 ? 1 : 0;
    const errorData = isRecord(envelope?.error_data) ? envelope.error_data : undefined;
    const message =
      typeof envelope?.message === 'string' ? envelope.message : `Graph API answered HTTP ${init.status}`;
    return new GraphApiError(`${message} [${init.method} ${init.url} → ${init.status}]`, {
      code,
      subcode: typeof envelope?.error_subcode === 'number' ? envelope.error_subcode : undefined,
      type: typeof envelope?.type === 'string' ? envelope.type : undefined,
      details: typeof errorData?.details === 'string' ? errorData.details : undefined,
      fbtraceId: typeof envelope?.fbtrace_id === 'string' ? envelope.fbtrace_id : undefined,
      status: init.status,
      method: init.method,
      url: init.url,
      responseBody: init.body,
      retryAfterMs: parseRetryAfter(init.retryAfter),
    });
  }
}

/** Parses an HTTP `Retry-After` value (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Anything carrying a Meta error code: a {@link GraphApiError}, a {@link WebhookErrorObject}, a raw object. */
export type ErrorLike = GraphApiError | WebhookErrorObject | unknown;

function metaCode(error: ErrorLike): number | undefined {
  if (error instanceof GraphApiError || GraphApiError.isInstance(error)) {
    return typeof error.code === 'number' ? error.code : undefined;
  }
  if (isRecord(error) && typeof error.code === 'number') return error.code;
  return undefined;
}

/** The category of any error carrying a Meta code (sync or webhook shape); `unknown` otherwise. */
export function classifyError(error: ErrorLike): GraphErrorCategory {
  const code = metaCode(error);
  return code === undefined ? 'unknown' : categorizeGraphErrorCode(code);
}

/** 131047: more than 24 h since the customer last wrote; send a template instead. */
export function isReEngagementError(error: ErrorLike): boolean {
  return metaCode(error) === 131047;
}

/** Throughput (130429, 4, 80007, 131048) or pair (131056) rate limits. */
export function isRateLimitError(error: ErrorLike): boolean {
  const category = classifyError(error);
  return category === 'throttled' || category === 'pair_rate_limited';
}

/** 190 / 0: the access token is invalid or expired. */
export function isAuthError(error: ErrorLike): boolean {
  return classifyError(error) === 'auth';
}

/** 132xxx: template missing, unapproved, paused, disabled, or parameters that do not match. */
export function isTemplateError(error: ErrorLike): boolean {
  return classifyError(error) === 'template';
}

/** 131026 / 130472 and per-user marketing limits: this message will not reach this user; do not retry. */
export function isUndeliverableError(error: ErrorLike): boolean {
  const category = classifyError(error);
  return category === 'undeliverable' || category === 'marketing_limited';
}

/** Transient server-side conditions (1, 2, 131000, 131016, 133004). */
export function isTransientError(error: ErrorLike): boolean {
  return classifyError(error) === 'transient';
}
