const marker = Symbol.for('pbxkit.comms-log.error');

/** The machine-readable codes of every comms-log error. */
export type CommsLogErrorCode =
  | 'VALIDATION'
  | 'CONFIG'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'STORE_UNAVAILABLE'
  | 'STORE_FAILURE';

/** One invalid field of a rejected input. */
export interface ValidationIssue {
  /** The dotted path of the field, e.g. `counterpart.phone`. */
  path: string;
  /** What is wrong with it. */
  message: string;
}

/** The base class of every error this package throws or emits. */
export class CommsLogError extends Error {
  /** True for any comms-log error (even from another copy of this package); on a subclass, for that class only. */
  static isInstance<T extends abstract new (...args: never[]) => CommsLogError>(
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
      (cls as unknown) === CommsLogError ||
      error instanceof cls ||
      (error as { name?: unknown }).name === cls.name
    );
  }

  /** Whether retrying the same call may succeed (store outages and write conflicts). */
  readonly isRetryable: boolean;

  /** Builds an error with its code; pass the underlying error as `cause`. */
  constructor(
    message: string,
    /** The machine-readable code. */
    readonly code: CommsLogErrorCode,
    options?: ErrorOptions & { isRetryable?: boolean },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.isRetryable = options?.isRetryable ?? false;
    Object.defineProperty(this, marker, { value: true });
  }
}

/** An entry, handle list, filter or query failed validation; `issues` lists every invalid field. */
export class CommsLogValidationError extends CommsLogError {
  /** The invalid fields. */
  readonly issues: ValidationIssue[];

  /** Builds the error from the invalid fields. */
  constructor(message: string, issues: ValidationIssue[], options?: ErrorOptions) {
    super(message, 'VALIDATION', options);
    this.issues = issues;
  }

  /** The paths of the invalid fields. */
  get fields(): string[] {
    return [...new Set(this.issues.map((i) => i.path))];
  }
}

/** Options passed to `createCommsLog` or a store factory failed their schema. */
export class CommsLogConfigError extends CommsLogError {
  /** Builds the error. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'CONFIG', options);
  }
}

/** The entry or follow-up named in a call does not exist. */
export class CommsLogNotFoundError extends CommsLogError {
  /** Builds the error. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'NOT_FOUND', options);
  }
}

/** Concurrent writers kept changing one entry and the write gave up after its retries; retry later. */
export class CommsLogConflictError extends CommsLogError {
  /** Builds the error. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'CONFLICT', { ...options, isRetryable: true });
  }
}

/**
 * The store failed. `isRetryable` is true for outages (connection refused or lost, shutdown, serialization
 * failure, deadlock, too many connections): the write did not happen and can be retried as is.
 */
export class CommsLogStoreError extends CommsLogError {
  /** The SQLSTATE or Node error code of the cause, when there is one. */
  readonly storeCode?: string;

  /** Builds the error from the store's failure. */
  constructor(message: string, options: ErrorOptions & { isRetryable: boolean; storeCode?: string }) {
    super(message, options.isRetryable ? 'STORE_UNAVAILABLE' : 'STORE_FAILURE', options);
    if (options.storeCode !== undefined) this.storeCode = options.storeCode;
  }
}
