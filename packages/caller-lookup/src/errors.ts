const marker = Symbol.for('pbxkit.caller-lookup.error');

/** Machine-readable code carried by every {@link CallerLookupError}. */
export type CallerLookupErrorCode =
  | 'CONFIG'
  | 'ABORTED'
  | 'TIMEOUT'
  | 'CIRCUIT_OPEN'
  | 'PROVIDER'
  | 'HTTP'
  | 'LDAP'
  | 'PARSE'
  | 'CLOSED';

/** Base class of every error thrown or emitted by `@pbxkit/caller-lookup`. */
export class CallerLookupError extends Error {
  /** Brand shared across copies of this package loaded twice (ESM and CJS). */
  readonly [marker] = true;

  /** Whether `error` is a {@link CallerLookupError}, even from another copy of the package; on a subclass, of that class. */
  static isInstance<T extends abstract new (...args: never[]) => CallerLookupError>(
    this: T,
    error: unknown,
  ): error is InstanceType<T> {
    if (typeof error !== 'object' || error === null || !(marker in error)) return false;
    // The marker also recognises errors from another copy of this package. Called on a subclass, it
    // matches that class only: by prototype, or by name for an error from another copy.
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class isInstance was called on.
    // biome-ignore lint/complexity/noUselessThisAlias: named once, so the check reads as one expression.
    const cls: T = this;
    return (
      (cls as unknown) === CallerLookupError ||
      error instanceof cls ||
      (error as { name?: unknown }).name === cls.name
    );
  }

  /**
   * @param message - What went wrong, for humans.
   * @param code - What went wrong, for programs.
   * @param options - Standard error options; pass `cause`.
   */
  constructor(
    message: string,
    readonly code: CallerLookupErrorCode,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Options failed validation (thrown by factories and constructors, never by `lookup`). */
export class CallerLookupConfigError extends CallerLookupError {
  /** @param message - The prettified validation problem. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'CONFIG', options);
  }
}

/** The caller's `AbortSignal` fired before the lookup had an answer. */
export class CallerLookupAbortError extends CallerLookupError {
  /** @param message - Why the lookup stopped. */
  constructor(message = 'Lookup aborted', options?: ErrorOptions) {
    super(message, 'ABORTED', options);
  }
}

/** A provider failed; `providerId` says which one. Recorded in the trace, emitted as `error`. */
export class CallerLookupProviderError extends CallerLookupError {
  /**
   * @param providerId - The failing provider's id.
   * @param message - What went wrong.
   * @param code - A more precise code (`TIMEOUT`, `CIRCUIT_OPEN`, `HTTP`, `LDAP`).
   */
  constructor(
    readonly providerId: string,
    message: string,
    code: CallerLookupErrorCode = 'PROVIDER',
    options?: ErrorOptions,
  ) {
    super(message, code, options);
  }
}

/** A provider did not answer within its `timeoutMs`. */
export class CallerLookupTimeoutError extends CallerLookupProviderError {
  /**
   * @param providerId - The provider that timed out.
   * @param timeoutMs - The limit it exceeded.
   */
  constructor(
    providerId: string,
    readonly timeoutMs: number,
  ) {
    super(providerId, `Provider "${providerId}" did not answer within ${timeoutMs} ms`, 'TIMEOUT');
  }
}

/** An HTTP JSON provider got a response that failed its success rule, or no response at all. */
export class CallerLookupHttpError extends CallerLookupProviderError {
  /** HTTP status, or 0 when the request never got a response. */
  readonly status: number;
  /** Request method. */
  readonly method: string;
  /** Request URL with secrets (API keys in the query) redacted. */
  readonly url: string;
  /** Start of the response body (at most 2 KiB), for diagnostics. */
  readonly responseBody: string | undefined;
  /** Whether retrying later may succeed (network errors, 408, 429, 5xx). */
  readonly isRetryable: boolean;

  /** @param init - What was sent and what came back. */
  constructor(
    providerId: string,
    message: string,
    init: { status: number; method: string; url: string; responseBody?: string },
    options?: ErrorOptions,
  ) {
    super(providerId, message, 'HTTP', options);
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    this.responseBody = init.responseBody;
    this.isRetryable = init.status === 0 || init.status === 408 || init.status === 429 || init.status >= 500;
  }
}

/** An LDAP bind, StartTLS or search failed. */
export class CallerLookupLdapError extends CallerLookupProviderError {
  /** @param providerId - The LDAP provider's id. */
  constructor(providerId: string, message: string, options?: ErrorOptions) {
    super(providerId, message, 'LDAP', options);
  }
}

/** A phone-book source (CSV, vCard) could not be read; `line` points at the culprit. */
export class CallerLookupParseError extends CallerLookupError {
  /**
   * @param message - What is wrong with the input.
   * @param line - 1-based line number of the problem, when known.
   */
  constructor(
    message: string,
    readonly line?: number,
    options?: ErrorOptions,
  ) {
    super(line === undefined ? message : `${message} (line ${line})`, 'PARSE', options);
  }
}
