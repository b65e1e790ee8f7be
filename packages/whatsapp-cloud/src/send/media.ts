import { createHash } from 'node:crypto';
import { GraphApiError, WhatsAppResponseError } from '../errors.js';
import { type GraphHttpSettings, graphRequest, readJson } from './http.js';
import { encodeMultipart } from './multipart.js';

/** `GET /{media_id}`: a short-lived (5 minutes) download URL and the file's metadata. */
export interface MediaInfo {
  /** Media id. */
  id: string;
  /** Download URL (needs the bearer token). */
  url: string;
  /** MIME type. */
  mimeType: string | undefined;
  /** sha256 of the file as Meta reports it. */
  sha256: string | undefined;
  /** Size in bytes (Meta sends a number; the docs show a string — both accepted). */
  fileSize: number | undefined;
}

/** A downloaded file. */
export interface DownloadedMedia {
  /** The bytes. */
  data: Uint8Array;
  /** `Content-Type` of the download, or the media's MIME type. */
  mimeType: string | undefined;
  /** Hex sha256 of `data` (verified against Meta's when known). */
  sha256: string;
}

/** Media endpoints (`client.media`): upload, URL lookup, download, delete. */
export class MediaApi {
  readonly #http: GraphHttpSettings;
  readonly #phoneNumberId: (perCall: string | undefined) => string;
  readonly #url: (path: string) => string;

  /**
   * Built by `WhatsAppClient`; not meant to be constructed directly.
   * @internal
   */
  constructor(
    http: GraphHttpSettings,
    phoneNumberId: (perCall: string | undefined) => string,
    url: (path: string) => string,
  ) {
    this.#http = http;
    this.#phoneNumberId = phoneNumberId;
    this.#url = url;
  }

  /** Uploads a file (`POST /{phone_number_id}/media`, multipart); the id is valid for 30 days. */
  async upload(input: {
    data: Uint8Array | Blob;
    mimeType: string;
    filename?: string;
    phoneNumberId?: string;
  }): Promise<{
    /** The new media id. */
    id: string;
  }> {
    const data =
      input.data instanceof Uint8Array ? input.data : new Uint8Array(await input.data.arrayBuffer());
    const { body, contentType } = encodeMultipart([
      { name: 'messaging_product', value: 'whatsapp' },
      { name: 'type', value: input.mimeType },
      { name: 'file', filename: input.filename ?? 'file', contentType: input.mimeType, data },
    ]);
    const response = await graphRequest(this.#http, {
      method: 'POST',
      url: this.#url(`${this.#phoneNumberId(input.phoneNumberId)}/media`),
      body,
      headers: { 'content-type': contentType },
    });
    const raw = await readJson<{ id?: unknown }>(response);
    if (typeof raw.id !== 'string') {
      throw new WhatsAppResponseError('Media upload returned no id', {
        status: response.status,
        responseBody: JSON.stringify(raw),
      });
    }
    return { id: raw.id };
  }

  /** Looks up a media id's download URL (valid 5 minutes). */
  async getUrl(mediaId: string, options: { phoneNumberId?: string } = {}): Promise<MediaInfo> {
    const response = await graphRequest(this.#http, { method: 'GET', url: this.#mediaUrl(mediaId, options) });
    const raw = await readJson<Record<string, unknown>>(response);
    if (typeof raw.url !== 'string') {
      throw new WhatsAppResponseError('Media lookup returned no url', {
        status: response.status,
        responseBody: JSON.stringify(raw),
      });
    }
    const size = Number(raw.file_size);
    return {
      id: typeof raw.id === 'string' ? raw.id : mediaId,
      url: raw.url,
      mimeType: typeof raw.mime_type === 'string' ? raw.mime_type : undefined,
      sha256: typeof raw.sha256 === 'string' ? raw.sha256 : undefined,
      fileSize: Number.isFinite(size) ? size : undefined,
    };
  }

  /**
   * Downloads media by id, or by `{ id, url }` from an inbound webhook (saving one lookup). The bearer
   * token is always sent (Meta refuses the download without it); an expired or rejected URL (404,
   * 401, 403) is refreshed once through {@link MediaApi.getUrl} (chatwoot#9809).
   */
  async download(media: string | { id: string; url?: string; sha256?: string }): Promise<DownloadedMedia> {
    const ref = typeof media === 'string' ? { id: media } : media;
    let info: Partial<MediaInfo> = ref.url ? { url: ref.url, sha256: ref.sha256 } : await this.getUrl(ref.id);
    let response: Response;
    try {
      response = await graphRequest(this.#http, { method: 'GET', url: info.url as string });
    } catch (error) {
      const stale =
        GraphApiError.isInstance(error) && [401, 403, 404].includes((error as GraphApiError).status);
      if (!stale) throw error;
      info = await this.getUrl(ref.id);
      response = await graphRequest(this.#http, { method: 'GET', url: info.url as string });
    }
    const data = new Uint8Array(await response.arrayBuffer());
    const digest = createHash('sha256').update(data).digest();
    const hex = digest.toString('hex');
    const expected = info.sha256 ?? ref.sha256;
    // Meta reports hex in GET /{media_id} and base64 in webhooks: accept either encoding.
    if (expected && expected !== hex && expected !== digest.toString('base64')) {
      throw new WhatsAppResponseError(`Downloaded media ${ref.id} does not match its sha256`, {
        status: response.status,
        responseBody: '',
        code: 'MEDIA_INTEGRITY',
      });
    }
    return { data, mimeType: response.headers.get('content-type') ?? info.mimeType, sha256: hex };
  }

  /** Deletes uploaded media. */
  async delete(mediaId: string, options: { phoneNumberId?: string } = {}): Promise<void> {
    const response = await graphRequest(this.#http, {
      method: 'DELETE',
      url: this.#mediaUrl(mediaId, options),
    });
    await readJson(response);
  }

  /** `/{media_id}`, with the optional `phone_number_id` guard Meta accepts. */
  #mediaUrl(mediaId: string, options: { phoneNumberId?: string }): string {
    const query = options.phoneNumberId
      ? `?phone_number_id=${encodeURIComponent(options.phoneNumberId)}`
      : '';
    return this.#url(`${encodeURIComponent(mediaId)}${query}`);
  }
}
