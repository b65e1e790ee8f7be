import { Agent, type Dispatcher, request } from 'undici';
import { parseJson } from '../decode/tolerant-json.js';
import {
  YeastarApiError,
  YeastarError,
  YeastarHttpError,
  type YeastarInvalidParam,
  YeastarTimeoutError,
} from '../errors.js';
import { redactBody, redactUrl } from '../internal/redact.js';

/** A P-Series response body: `errcode`/`errmsg` plus endpoint data. */
export interface PSeriesBody {
  /** 0 on success. */
  errcode: number;
  /** `SUCCESS` or the error name. */
  errmsg: string;
  /** Endpoint data. */
  [field: string]: unknown;
}

/** One request to the Open API. */
export interface PSeriesRequest {
  /** GET for queries, POST for operations. */
  method: 'GET' | 'POST';
  /** Path under the API root, e.g. `call/dial`. */
  endpoint: string;
  /** Query parameters (GET parameters, `access_token`). */
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body (POST). */
  body?: unknown;
  /** API version root. @defaultValue 'openapi/v1.0' */
  root?: string;
  /** Caller's abort signal. */
  signal?: AbortSignal;
}

/** Transport settings shared by the REST calls. */
export interface HttpSettings {
  baseUrl: string;
  userAgent: string;
  timeoutMs: number;
  dispatcher: Dispatcher;
  debug?: (message: string) => void;
}

/** Builds the undici dispatcher for custom CA / self-signed on-prem PBXs. */
export function createDispatcher(tls: {
  ca?: string | string[] | undefined;
  rejectUnauthorized: boolean;
}): Dispatcher {
  return new Agent({
    connect: { ...(tls.ca ? { ca: tls.ca } : {}), rejectUnauthorized: tls.rejectUnauthorized },
    // The PBX closes every connection after one reply (research §1.2): don't hold idle sockets long.
    keepAliveTimeout: 1_000,
  });
}

function buildUrl(base: string, root: string, endpoint: string, query: PSeriesRequest['query']): string {
  const url = new URL(`${base}/${root}/${endpoint}`);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
}

function signalWithTimeout(timeoutMs: number, signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/**
 * Sends one request and maps every failure to a typed error: network/timeout/abort, non-2xx, a body that
 * is not JSON (an HTML error page from a proxy), and `errcode` ≠ 0 (the PBX always answers HTTP 200).
 */
export async function pSeriesRequest(settings: HttpSettings, req: PSeriesRequest): Promise<PSeriesBody> {
  const url = buildUrl(settings.baseUrl, req.root ?? 'openapi/v1.0', req.endpoint, req.query);
  const safeUrl = redactUrl(url);
  const info = { method: req.method, url: safeUrl };
  settings.debug?.(`→ ${req.method} ${safeUrl}`);
  let status: number;
  let text: string;
  try {
    const res = await request(url, {
      method: req.method,
      dispatcher: settings.dispatcher,
      signal: signalWithTimeout(settings.timeoutMs, req.signal),
      headers: {
        'user-agent': settings.userAgent,
        accept: 'application/json',
        ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
    });
    status = res.statusCode;
    text = await res.body.text();
  } catch (error) {
    throw transportError(error, info, req.signal);
  }
  settings.debug?.(`← ${status} ${safeUrl}`);
  const bodyForError = redactBody(text.slice(0, 2048));
  if (status < 200 || status >= 300) {
    throw new YeastarHttpError(`${req.method} ${safeUrl} answered HTTP ${status}`, {
      ...info,
      status,
      body: bodyForError,
      isRetryable: status >= 500 || status === 429,
    });
  }
  let parsed: unknown;
  try {
    // The docs' own success example has a trailing comma (research §1.4): parseJson tolerates it.
    parsed = parseJson(text);
  } catch (error) {
    throw new YeastarHttpError(
      `${req.endpoint}: the PBX did not answer JSON (${text.trimStart().startsWith('<') ? 'HTML page' : 'unreadable body'})`,
      { ...info, status, body: bodyForError, isRetryable: false },
      'INVALID_RESPONSE',
      { cause: error },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || !('errcode' in parsed)) {
    throw new YeastarHttpError(
      `${req.endpoint}: response has no errcode`,
      { ...info, status, body: bodyForError, isRetryable: false },
      'INVALID_RESPONSE',
    );
  }
  const body = parsed as PSeriesBody;
  const errcode = Number(body.errcode);
  if (errcode !== 0) {
    const list = (body.invalid_param_list ?? body.duplicate_field_list ?? []) as YeastarInvalidParam[];
    throw new YeastarApiError(
      req.endpoint,
      errcode,
      String(body.errmsg ?? ''),
      { ...info, status, body: bodyForError },
      list,
    );
  }
  return body;
}

/** Maps a thrown undici/abort error to a typed error. */
export function transportError(
  error: unknown,
  info: { method: string; url: string },
  signal?: AbortSignal,
): YeastarError {
  if (YeastarError.isInstance(error)) return error;
  const name = (error as { name?: string } | undefined)?.name;
  if (signal?.aborted) {
    return new YeastarHttpError(
      `${info.method} ${info.url} aborted`,
      { ...info, isRetryable: false },
      'ABORTED',
      { cause: error },
    );
  }
  if (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    name === 'HeadersTimeoutError' ||
    name === 'BodyTimeoutError'
  ) {
    return new YeastarTimeoutError(`${info.method} ${info.url} timed out`, { cause: error });
  }
  return new YeastarHttpError(
    `${info.method} ${info.url} failed: ${(error as Error)?.message ?? String(error)}`,
    { ...info, isRetryable: true },
    'HTTP',
    { cause: error },
  );
}
