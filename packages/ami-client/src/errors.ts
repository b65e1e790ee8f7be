const MARKER = Symbol.for('pbxkit.ami-client.error');

/** Machine-readable reason carried by every {@link AmiError}. */
export type AmiErrorCode =
  | 'config'
  | 'connect_timeout'
  | 'connection_refused'
  | 'connection_lost'
  | 'not_connected'
  | 'closed'
  | 'auth_failed'
  | 'not_ami'
  | 'action_failed'
  | 'action_timeout'
  | 'aborted'
  | 'keepalive_timeout'
  | 'frame_too_large'
  | 'too_many_headers'
  | 'malformed_frame'
  | 'truncated_frame'
  | 'queue_overflow'
  | 'invalid_action'
  | 'listener_failed';

/** Base class of every error thrown or emitted by `@pbxkit/ami-client`. */
export class AmiError extends Error {
  /** Marker that survives duplicated module copies (ESM + CJS in one process). */
  readonly [MARKER] = true;
  /** Stable machine-readable reason. */
  readonly code: AmiErrorCode;

  /** Create an error with a message, a code and an optional cause. */
  constructor(message: string, code: AmiErrorCode, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }

  /** True when `error` is an {@link AmiError} from any copy of this package; on a subclass, an error of that class. */
  static isInstance<T extends abstract new (...args: never[]) => AmiError>(
    this: T,
    error: unknown,
  ): error is InstanceType<T> {
    if (typeof error !== 'object' || error === null || !((error as Record<symbol, unknown>)[MARKER] === true))
      return false;
    // The marker also recognises errors from another copy of this package. Called on a subclass, it
    // matches that class only: by prototype, or by name for an error from another copy.
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class isInstance was called on.
    // biome-ignore lint/complexity/noUselessThisAlias: named once, so the check reads as one expression.
    const cls: T = this;
    return (
      (cls as unknown) === AmiError || error instanceof cls || (error as { name?: unknown }).name === cls.name
    );
  }
}

/** Options were rejected by the schema; thrown by constructors. */
export class AmiConfigError extends AmiError {
  /** Create a configuration error. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'config', options);
  }
}

/** The socket could not be opened, was closed, or the peer went silent; retryable. */
export class AmiConnectionError extends AmiError {}

/** Login was rejected: fatal, the client stops reconnecting instead of hammering the PBX. */
export class AmiAuthError extends AmiError {
  /** Create an authentication error with the server's message. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'auth_failed', options);
  }
}

/** Asterisk answered an action with `Response: Error` (or an originate failed). */
export class AmiActionError extends AmiError {
  /** The action name, e.g. `Hangup`. */
  readonly action: string;
  /** The ActionID of the failed action. */
  readonly actionId: string;
  /** The `Message:` header Asterisk sent, verbatim. */
  readonly serverMessage: string;
  /** The full response (an `AmiMessage`), when there is one. */
  readonly response: unknown;

  /** Create an action error from the server's reply. */
  constructor(action: string, actionId: string, serverMessage: string, response?: unknown) {
    super(`${action} failed: ${serverMessage || 'no message'}`, 'action_failed');
    this.action = action;
    this.actionId = actionId;
    this.serverMessage = serverMessage;
    this.response = response;
  }
}

/** An action (or the keepalive Ping, or a connect attempt) was not answered in time. */
export class AmiTimeoutError extends AmiError {}

/** An action was cancelled by its `AbortSignal`. */
export class AmiAbortError extends AmiError {
  /** Create an abort error; `cause` is the signal's reason. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'aborted', options);
  }
}

/** The parser could not frame input: oversized, malformed or non-AMI. Carries what was skipped. */
export class AmiProtocolError extends AmiError {
  /** The offending text (truncated to 512 characters), so nothing is lost silently. */
  readonly excerpt: string;
  /** How many bytes were skipped to recover at the next frame boundary. */
  readonly skippedBytes: number;

  /** Create a protocol error. */
  constructor(message: string, code: AmiErrorCode, excerpt = '', skippedBytes = 0) {
    super(message, code);
    this.excerpt = excerpt.length > 512 ? `${excerpt.slice(0, 512)}…` : excerpt;
    this.skippedBytes = skippedBytes;
  }
}

/** The bounded event queue overflowed and events were dropped per the overflow policy. */
export class AmiQueueOverflowError extends AmiError {
  /** How many events were dropped by this overflow. */
  readonly dropped: number;

  /** Create an overflow error. */
  constructor(dropped: number) {
    super(`event queue overflow: ${dropped} event(s) dropped`, 'queue_overflow');
    this.dropped = dropped;
  }
}
