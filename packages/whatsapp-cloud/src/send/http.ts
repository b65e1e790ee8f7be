import type { EventEmitter } from 'eventemitter3';
import { GraphApiError, WhatsAppNetworkError, WhatsAppResponseError } from '../errors.js';
import { type RetryPolicy, retryDelay } from './retry.js';

/** A `fetch`-compatible function (global fetch, undici's, or the fake Graph API's in-process one). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** A request about to be sent. */
export interface GraphRequestInfo {
  /** HTTP method. */
  method: string;
  /** URL (no token). */
  url: string;
  /** Attempt number, from 1. */
  attempt: number;
}

/** A response that arrived (any status). */
export interface GraphResponseInfo extends GraphRequestInfo {
  /** HTTP status. */
  status: number;
  /** Time from request to response headers. */
  durationMs: number;
}

/** Events of the HTTP layer, emitted by `WhatsAppClient`. */
export interface GraphHttpEvents {
  /** A request is about to be sent. */
  request: [info: GraphRequestInfo];
  /** A response arrived (any status). */
  response: [info: GraphResponseInfo];
  /** A failed attempt will be retried after `delayMs`. */
  retry: [attempt: number, delayMs: number, error: Error];
  /** Diagnostics; tokens are never included. */
  debug: [message: string];
}

/** One Graph request. */
export interface GraphRequest {
  /** HTTP method. */
  method: 'GET' | 'POST' | 'DELETE';
  /** Absolute URL. */
  url: string;
  /** JSON body. */
  json?: unknown;
  /** Raw body (multipart upload). */
  body?: Uint8Array;
  /** Extra headers. */
  headers?: Record<string, string>;
  /** Abort signal of the caller. */
  signal?: AbortSignal;
}

/** Internal transport settings. */
export interface GraphHttpSettings {
  fetch: FetchLike;
  /** The bearer token; `refresh: true` after Meta rejected the current one (190). */
  token: (refresh: boolean) => Promise<string>;
  /** Whether `token(true)` can yield a new token (a provider was configured). */
  canRefresh: boolean;
  timeoutMs: number;
  retry: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  emitter: EventEmitter<GraphHttpEvents>;
}

// Errors whose cause proves the TCP/TLS connection was never established: nothing reached Meta.
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function causeCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Sends one request with timeout, retries and error mapping; resolves with the 2xx response. */
export async function graphRequest(settings: GraphHttpSettings, request: GraphRequest): Promise<Response> {
  const { emitter } = settings;
  let refreshed = false;
  let token = await settings.token(false);
  for (let attempt = 1; ; attempt++) {
    let error: Error;
    const started = Date.now();
    emitter.emit('request', { method: request.method, url: request.url, attempt });
    try {
      const response = await send(settings, request, token);
      emitter.emit('response', {
        method: request.method,
        url: request.url,
        status: response.status,
        attempt,
        durationMs: Date.now() - started,
      });
      if (response.ok) return response;
      error = GraphApiError.fromResponse({
        status: response.status,
        method: request.method,
        url: request.url,
        body: await response.text().catch(() => ''),
        retryAfter: response.headers.get('retry-after'),
      });
    } catch (cause) {
      if (request.signal?.aborted) throw cause;
      const code = causeCode(cause);
      const timeout = (cause as Error)?.name === 'TimeoutError';
      const connectFailed = code !== undefined && CONNECT_CODES.has(code);
      error = new WhatsAppNetworkError(
        `${request.method} ${request.url} failed: ${timeout ? `no response within ${settings.timeoutMs} ms` : (code ?? (cause as Error)?.message)}`,
        {
          method: request.method,
          url: request.url,
          connectFailed,
          // A POST that may have reached Meta is not repeated; reads are always safe to repeat.
          isRetryable: connectFailed || request.method !== 'POST',
          timeout,
        },
        { cause },
      );
    }
    // Expired or revoked token (190): ask the provider for a new one and repeat once. Meta rejected the
    // request before doing anything, so this cannot send twice.
    if (settings.canRefresh && !refreshed && error instanceof GraphApiError && error.code === 190) {
      refreshed = true;
      token = await settings.token(true);
      emitter.emit('debug', 'access token rejected (190); retrying once with a refreshed token');
      attempt--;
      continue;
    }
    const delay = retryDelay(error, attempt, settings.retry, settings.random);
    if (delay === undefined) throw error;
    emitter.emit('retry', attempt, delay, error);
    await settings.sleep(delay);
  }
}

function send(settings: GraphHttpSettings, request: GraphRequest, token: string): Promise<Response> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    'user-agent': 'pbxkit-whatsapp-cloud',
    ...request.headers,
  };
  let body: string | Uint8Array | undefined = request.body;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  }
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  return settings.fetch(request.url, {
    method: request.method,
    headers,
    body: body as RequestInit['body'],
    signal,
  });
}

/** Reads a JSON response body, mapping unreadable bodies to a typed error. */
export async function readJson<T>(response: Response): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new WhatsAppResponseError(
      'Graph API answered with a body that is not JSON',
      { status: response.status, responseBody: text },
      { cause },
    );
  }
}
