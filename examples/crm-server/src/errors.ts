/** Error codes of the HTTP API (the `error.code` of every 4xx/5xx body). */
export type ApiErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'UPSTREAM'
  | 'INTERNAL';

const MARKER = Symbol.for('pbxkit.crm-server.error');

/** An error with an HTTP status; the error handler turns it into `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  readonly [MARKER] = true;
  override readonly name: string = 'ApiError';

  constructor(
    readonly httpStatus: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** True for an ApiError from any copy of this module. */
  static isInstance(error: unknown): error is ApiError {
    return typeof error === 'object' && error !== null && MARKER in error;
  }
}

/** 400: the input failed validation. */
export const badRequest = (message: string, details?: unknown) =>
  new ApiError(400, 'VALIDATION', message, details);
/** 404: no such resource. */
export const notFound = (what: string) => new ApiError(404, 'NOT_FOUND', `${what} not found`);
