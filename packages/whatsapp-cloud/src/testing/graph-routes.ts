// The Graph API surface of the fake: auth, versions, faults, media. Message sends are in send-route.ts.
import { createHash } from 'node:crypto';
import { type FakeFault, type FakeState, pairKey } from './fake-state.js';
import { makeNumericId } from './ids.js';
import { ERROR_TEXTS } from './payloads.js';
import { handleSend } from './send-route.js';

/** A request as the routes see it (from the in-process fetch or the HTTP server). */
export interface FakeHttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** What the routes answer; `network: true` means "drop the connection". */
export type FakeHttpResponse =
  | {
      status: number;
      headers: Record<string, string>;
      body: string | Uint8Array;
      network?: false;
      /** Real milliseconds to wait before answering (latency injection). */
      delayMs?: number;
    }
  | { network: true };

const VERSION = /^v(19|2[0-6])\.0$/;

/** A Graph error envelope response. */
export function graphError(
  state: FakeState,
  code: number,
  httpStatus = 400,
  extra: { subcode?: number; details?: string; message?: string; retryAfterSeconds?: number } = {},
): FakeHttpResponse {
  const [title, details] = ERROR_TEXTS[code] ?? ['Something went wrong', 'Unknown error'];
  const error: Record<string, unknown> = {
    message: extra.message ?? `(#${code}) ${title}`,
    type: 'OAuthException', // Graph uses it for WhatsApp errors too (see the fixtures)
    code,
    error_data: { messaging_product: 'whatsapp', details: extra.details ?? details },
  };
  if (extra.subcode !== undefined) error.error_subcode = extra.subcode;
  error.fbtrace_id = `A${Buffer.from(makeNumericId(state.random)).toString('base64url').slice(0, 22)}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (extra.retryAfterSeconds !== undefined) headers['retry-after'] = String(extra.retryAfterSeconds);
  return { status: httpStatus, headers, body: JSON.stringify({ error }) };
}

/** A JSON 200 response. */
export function ok(body: unknown): FakeHttpResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function takeFault(state: FakeState, route: 'messages' | 'media' | undefined): FakeFault | undefined {
  const index = state.faults.findIndex((f) => f.route === undefined || f.route === route);
  const fault = state.faults[index];
  if (!fault) return undefined;
  fault.times = (fault.times ?? 1) - 1;
  if (fault.times <= 0) state.faults.splice(index, 1);
  return fault;
}

/** Routes one request against the shared state. */
export function routeGraphRequest(state: FakeState, request: FakeHttpRequest): FakeHttpResponse {
  const parts = request.url.pathname.split('/').filter(Boolean);
  if (parts[0] === '__fake' && parts[1] === 'media' && parts[2]) return download(state, request, parts[2]);
  const [version, objectId, edge] = parts;
  if (!version || !VERSION.test(version)) {
    return graphError(state, 100, 400, {
      message: `Unknown path components: /${version ?? ''}`,
      details: 'Unsupported Graph API version',
    });
  }
  const auth = authorize(state, request);
  if (auth) return auth;
  const route =
    edge === 'messages'
      ? 'messages'
      : edge === 'media' || (!edge && state.media.has(objectId ?? ''))
        ? 'media'
        : undefined;
  const fault = takeFault(state, route);
  if (fault?.network) return { network: true };
  const response = fault ? faultResponse(state, fault) : undefined;
  const answer = response ?? routeObject(state, request, objectId, edge);
  if (fault?.latencyMs && !answer.network) answer.delayMs = fault.latencyMs;
  return answer;
}

function faultResponse(state: FakeState, fault: FakeFault): FakeHttpResponse | undefined {
  if (fault.malformed) {
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"messaging_product":"whatsapp","contac',
    };
  }
  // A fault that only adds latency lets the request through.
  if (fault.latencyMs !== undefined && fault.code === undefined && fault.httpStatus === undefined)
    return undefined;
  const code = fault.code ?? 131000;
  return graphError(state, code, fault.httpStatus ?? (code === 1 || code === 2 ? 500 : 400), {
    retryAfterSeconds: fault.retryAfterSeconds,
  });
}

function routeObject(
  state: FakeState,
  request: FakeHttpRequest,
  objectId: string | undefined,
  edge: string | undefined,
): FakeHttpResponse {
  if (!objectId) return graphError(state, 100, 400, { details: 'Missing object id' });
  if (edge === 'messages' && request.method === 'POST') return handleSend(state, objectId, request.body);
  if (edge === 'media' && request.method === 'POST') return upload(state, objectId, request);
  if (!edge && request.method === 'GET') return mediaInfo(state, objectId);
  if (!edge && request.method === 'DELETE') {
    if (!state.media.delete(objectId))
      return graphError(state, 100, 400, {
        subcode: 33,
        details: `Object with ID '${objectId}' does not exist`,
      });
    return ok({ success: true });
  }
  return graphError(state, 100, 400, {
    subcode: 33,
    details: `Unsupported ${request.method} request for ${objectId}`,
  });
}

function authorize(state: FakeState, request: FakeHttpRequest): FakeHttpResponse | undefined {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (token && state.expiredTokens.has(token)) {
    return graphError(state, 190, 401, {
      subcode: 463,
      message: 'Error validating access token: Session has expired.',
    });
  }
  if (!token || !state.tokens.has(token)) {
    return graphError(state, 190, 401, { message: 'Invalid OAuth access token - Cannot parse access token' });
  }
  return undefined;
}

const MEDIA_LIMITS: Record<string, number> = {
  'image/jpeg': 5 << 20,
  'image/png': 5 << 20,
  'image/webp': 500 << 10,
  'audio/ogg': 16 << 20,
  'audio/mpeg': 16 << 20,
  'audio/aac': 16 << 20,
  'audio/amr': 16 << 20,
  'audio/mp4': 16 << 20,
  'video/mp4': 16 << 20,
  'video/3gpp': 16 << 20,
  'application/pdf': 100 << 20,
  'text/plain': 100 << 20,
};

/** Stores bytes as media and returns the new id (used by uploads and inbound media). */
export function storeMedia(
  state: FakeState,
  phoneNumberId: string,
  data: Uint8Array,
  mimeType: string,
): string {
  const id = makeNumericId(state.random);
  const sha256 = createHash('sha256').update(data).digest('hex');
  state.media.set(id, { id, data, mimeType, sha256, at: state.now(), phoneNumberId });
  return id;
}

function upload(state: FakeState, phoneNumberId: string, request: FakeHttpRequest): FakeHttpResponse {
  if (!state.phoneNumbers.has(phoneNumberId)) return graphError(state, 100, 400, { subcode: 33 });
  const boundary = /boundary=([^;]+)/.exec(request.headers['content-type'] ?? '')?.[1];
  const file = boundary ? parseMultipartFile(request.body, boundary) : undefined;
  if (!file) return graphError(state, 100, 400, { details: 'The parameter file is required.' });
  const base = file.contentType.split(';')[0]?.trim() ?? '';
  const limit = MEDIA_LIMITS[base];
  if (limit === undefined)
    return graphError(state, 131053, 400, {
      details: `Param file must be a file with one of the following types: ${Object.keys(MEDIA_LIMITS).join(', ')}. Received file of type '${base}'.`,
    });
  if (file.data.byteLength > limit)
    return graphError(state, 131053, 400, {
      details: `File size ${file.data.byteLength} exceeds ${limit} bytes for ${base}`,
    });
  return ok({ id: storeMedia(state, phoneNumberId, file.data, file.contentType) });
}

function mediaInfo(state: FakeState, mediaId: string): FakeHttpResponse {
  const media = state.media.get(mediaId);
  if (!media)
    return graphError(state, 100, 400, {
      subcode: 33,
      details: `Object with ID '${mediaId}' does not exist`,
    });
  return ok({
    messaging_product: 'whatsapp',
    // Download URLs live 5 minutes of fake-clock time (Meta: business-phone-numbers/media).
    url: mediaDownloadUrl(state, mediaId, 5 * 60_000),
    mime_type: media.mimeType,
    sha256: media.sha256,
    file_size: media.data.byteLength,
    id: media.id,
  });
}

/** Issues a bearer-protected download URL for stored media, valid for `ttlMs` of fake-clock time. */
export function mediaDownloadUrl(state: FakeState, mediaId: string, ttlMs: number): string {
  const key = makeNumericId(state.random);
  const expiresAt = state.now() + ttlMs;
  state.mediaUrls.set(key, { mediaId, expiresAt });
  return `${state.settings.publicUrl()}/__fake/media/${key}?mid=${mediaId}&source=webhook&ext=${Math.floor(expiresAt / 1000)}`;
}

function download(state: FakeState, request: FakeHttpRequest, key: string): FakeHttpResponse {
  const auth = authorize(state, request);
  if (auth) return auth;
  const entry = state.mediaUrls.get(key);
  const media = entry && entry.expiresAt > state.now() ? state.media.get(entry.mediaId) : undefined;
  if (!media)
    return { status: 404, headers: { 'content-type': 'text/html' }, body: '<html>Not Found</html>' };
  return { status: 200, headers: { 'content-type': media.mimeType }, body: media.data };
}

/** Extracts the `file` part of a multipart body (enough for the fake's own client and curl). */
function parseMultipartFile(
  body: Uint8Array,
  boundary: string,
): { data: Uint8Array; contentType: string } | undefined {
  const text = Buffer.from(body).toString('latin1');
  for (const part of text.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    if (!/name="file"/.test(head)) continue;
    const contentType = /Content-Type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? 'application/octet-stream';
    const data = Buffer.from(part.slice(split + 4, part.length - 2), 'latin1');
    return { data: new Uint8Array(data), contentType };
  }
  return undefined;
}

/** Records an inbound message for the 24-hour window and mark-as-read checks. */
export function noteInbound(
  state: FakeState,
  phoneNumberId: string,
  waId: string | undefined,
  wamid: string,
): void {
  state.inboundIds.add(wamid);
  if (waId) state.lastInbound.set(pairKey(phoneNumberId, waId), state.now());
}
