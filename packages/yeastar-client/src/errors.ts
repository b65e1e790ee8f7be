const marker = Symbol.for('pbxkit.yeastar-client.error');

/** Machine-readable code of every error this package throws or emits. */
export type YeastarErrorCode =
  | 'CONFIG'
  | 'API'
  | 'HTTP'
  | 'INVALID_RESPONSE'
  | 'AUTH'
  | 'AUTH_BLOCKED'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'CONNECTION'
  | 'WEBHOOK_SIGNATURE'
  | 'WEBHOOK_BODY'
  | 'DECODE'
  | 'S_SERIES';

/** Base class of every error raised by `@pbxkit/yeastar-client`; check with {@link YeastarError.isInstance}. */
export class YeastarError extends Error {
  /** Machine-readable error code. */
  readonly code: YeastarErrorCode;

  /** Creates an error with a code and an optional cause. */
  constructor(message: string, code: YeastarErrorCode, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    Object.defineProperty(this, marker, { value: true });
  }

  /** True for any error of this package, even from another copy (dual ESM/CJS installs); on a subclass, of that class. */
  static isInstance<T extends abstract new (...args: never[]) => YeastarError>(
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
      (cls as unknown) === YeastarError ||
      error instanceof cls ||
      (error as { name?: unknown }).name === cls.name
    );
  }
}

/** Options failed validation. */
export class YeastarConfigError extends YeastarError {
  /** Creates a config error from a prettified zod message. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'CONFIG', options);
  }
}

/** What an HTTP-level error knows about the request that failed. */
export interface YeastarRequestInfo {
  /** HTTP status code, when a response arrived. */
  status?: number;
  /** HTTP method. */
  method: string;
  /** URL with tokens redacted. */
  url: string;
  /** Response body (possibly truncated), when one arrived. */
  body?: string;
}

/** A transport-level failure: non-2xx status, a body that is not JSON (HTML error page), a network error. */
export class YeastarHttpError extends YeastarError {
  /** HTTP status code, when a response arrived. */
  readonly status: number | undefined;
  /** HTTP method. */
  readonly method: string;
  /** URL with tokens redacted. */
  readonly url: string;
  /** Response body (truncated to 2 KiB), when one arrived. */
  readonly body: string | undefined;
  /** Whether repeating the same request may succeed. */
  readonly isRetryable: boolean;

  /** Creates an HTTP error. */
  constructor(
    message: string,
    info: YeastarRequestInfo & { isRetryable: boolean },
    code: YeastarErrorCode = 'HTTP',
    options?: ErrorOptions,
  ) {
    super(message, code, options);
    this.status = info.status;
    this.method = info.method;
    this.url = info.url;
    this.body = info.body;
    this.isRetryable = info.isRetryable;
  }
}

/** One entry of `invalid_param_list` or `duplicate_field_list` in a P-Series error body. */
export interface YeastarInvalidParam {
  /** Field name. */
  field?: string;
  /** Offending value, when given. */
  value?: unknown;
  /** Validation that failed, e.g. `required`. */
  validation_type?: string;
}

/** The PBX answered with `errcode` ≠ 0 (P-Series always answers HTTP 200, so this is the normal error path). */
export class YeastarApiError extends YeastarHttpError {
  /** P-Series `errcode`, e.g. 10004 TOKEN EXPIRED, 40002 PARAMETER ERROR. */
  readonly errcode: number;
  /** P-Series `errmsg`. */
  readonly errmsg: string;
  /** Endpoint path, e.g. `call/dial`. */
  readonly endpoint: string;
  /** `invalid_param_list` / `duplicate_field_list` entries. */
  readonly invalidParams: YeastarInvalidParam[];

  /** Creates an API error from a parsed body. */
  constructor(
    endpoint: string,
    errcode: number,
    errmsg: string,
    info: YeastarRequestInfo,
    invalidParams: YeastarInvalidParam[] = [],
    options?: ErrorOptions,
  ) {
    // -2 INTERNAL SERVER ERROR is the only errcode worth repeating as-is (research §1.4).
    super(`${endpoint}: ${errcode} ${errmsg}`, { ...info, isRetryable: errcode === -2 }, 'API', options);
    this.errcode = errcode;
    this.errmsg = errmsg;
    this.endpoint = endpoint;
    this.invalidParams = invalidParams;
  }
}

/**
 * Login failed (bad Client ID/Secret, IP blocked, token cap reached). The client never retries these in a
 * loop: the PBX blocks the caller's IP after a few failures (70004).
 */
export class YeastarAuthError extends YeastarError {
  /** The `errcode` (P-Series) or `errno` (S-Series) of the failed login, when there was one. */
  readonly errcode: number | undefined;
  /** When a new login attempt will be allowed again (circuit breaker), if known. */
  readonly retryAfter: Date | undefined;

  /** Creates an auth error. */
  constructor(
    message: string,
    init: { errcode?: number; retryAfter?: Date; code?: 'AUTH' | 'AUTH_BLOCKED' } = {},
    options?: ErrorOptions,
  ) {
    super(message, init.code ?? 'AUTH', options);
    this.errcode = init.errcode;
    this.retryAfter = init.retryAfter;
  }
}

/** A request or a WebSocket reply did not arrive in time. */
export class YeastarTimeoutError extends YeastarError {
  /** Creates a timeout error. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'TIMEOUT', options);
  }
}

/** The event WebSocket failed, closed or was told by the PBX that its token expired. */
export class YeastarConnectionError extends YeastarError {
  /** WebSocket close code, when the socket closed. */
  readonly closeCode: number | undefined;

  /** Creates a connection error. */
  constructor(message: string, closeCode?: number, options?: ErrorOptions) {
    super(message, 'CONNECTION', options);
    this.closeCode = closeCode;
  }
}

/** A webhook delivery was rejected; `httpStatus` is what to answer the PBX with. */
export class YeastarWebhookError extends YeastarError {
  /** The HTTP status to answer with: 401 bad or missing signature, 400 unreadable body. */
  readonly httpStatus: number;

  /** Creates a webhook error. */
  constructor(
    message: string,
    code: 'WEBHOOK_SIGNATURE' | 'WEBHOOK_BODY',
    httpStatus: number,
    options?: ErrorOptions,
  ) {
    super(message, code, options);
    this.httpStatus = httpStatus;
  }
}

/** A payload could not be decoded (malformed JSON, schema mismatch); carried by skipped-event reports. */
export class YeastarDecodeError extends YeastarError {
  /** Creates a decode error. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'DECODE', options);
  }
}

/** An S-Series API call answered `{"status":"Failed","errno":"…"}`. */
export class YeastarSSeriesError extends YeastarError {
  /** S-Series `errno` (a different code space from P-Series: 20006 is token timeout there). */
  readonly errno: string;
  /** API path, e.g. `call/dial`. */
  readonly endpoint: string;

  /** Creates an S-Series error. */
  constructor(endpoint: string, errno: string, options?: ErrorOptions) {
    super(`${endpoint}: S-Series errno ${errno}`, 'S_SERIES', options);
    this.errno = errno;
    this.endpoint = endpoint;
  }
}
