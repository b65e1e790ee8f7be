import { EventEmitter } from 'eventemitter3';
import { Agent, fetch as undiciFetch } from 'undici';
import { WhatsAppConfigError, WhatsAppResponseError } from '../errors.js';
import {
  type ClientSchemaInput,
  clientOptionsSchema,
  type ResolvedClientSchemaOptions,
  resolveOptions,
} from '../options.js';
import { graphApiVersionStatus } from '../versions.js';
import {
  buttonsObject,
  envelope,
  type InteractiveHeader,
  type ListSection,
  listObject,
  type MediaSource,
  mediaObject,
  normalizeRecipient,
  type ReplyButton,
  type SendCommon,
  type TemplateInput,
  templateObject,
  textObject,
} from './builders.js';
import {
  type FetchLike,
  type GraphHttpEvents,
  type GraphHttpSettings,
  graphRequest,
  readJson,
} from './http.js';
import { MediaApi } from './media.js';
import { createRateLimiter, type SendRateLimiter } from './rate-limiter.js';

/** Options of {@link WhatsAppClient}: the zod-validated fields plus function-valued ones. */
export interface WhatsAppClientOptions extends ClientSchemaInput {
  /**
   * Token provider for rotating tokens: called before requests (`refresh: false`, cache it yourself)
   * and once with `refresh: true` when Meta answers 190, after which the request is repeated once.
   */
  getAccessToken?: (context: { refresh: boolean }) => string | Promise<string>;
  /** `fetch` implementation; pass the fake Graph API's `fetch` in tests. @defaultValue undici's fetch with a keep-alive agent */
  fetch?: FetchLike;
  /** Client-side pacing; `false` disables it. @defaultValue `createRateLimiter()` (80 mps per number) */
  rateLimiter?: SendRateLimiter | false;
  /** Sleep used between retries (inject a fake in tests). @defaultValue a `setTimeout` promise */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source. @defaultValue `Math.random` */
  random?: () => number;
}

/** Events of {@link WhatsAppClient}. */
export type WhatsAppClientEvents = GraphHttpEvents;

/** What Meta answered to an accepted send (accepted is not delivered: watch status webhooks). */
export interface SendResult {
  /** The new message's id; statuses and replies refer to it. */
  wamid: string;
  /** The recipient's wa_id as Meta resolved it. */
  waId: string | undefined;
  /** `to` as Meta received it. */
  input: string | undefined;
  /** `accepted`, `held_for_quality_assessment` or `paused` (template pacing only). */
  messageStatus: string | undefined;
  /** The raw response. */
  raw: unknown;
}

type MediaKind = 'image' | 'video' | 'document' | 'audio' | 'sticker';

/**
 * Graph API client for the WhatsApp Cloud API: every message type, mark-as-read with typing
 * indicator, media upload/URL/download/delete, per-call business number, typed `GraphApiError`s,
 * safe retries and pacing.
 *
 * @example
 * ```ts
 * const client = new WhatsAppClient({ accessToken: process.env.WA_TOKEN!, phoneNumberId: '106540352242922' });
 * const { wamid } = await client.sendText({ to: '+16505551234', body: 'Your order has shipped' });
 * ```
 */
export class WhatsAppClient extends EventEmitter<WhatsAppClientEvents> {
  /** The validated options. */
  readonly options: ResolvedClientSchemaOptions;
  /** Media upload, URL lookup, download and delete. */
  readonly media: MediaApi;
  readonly #http: GraphHttpSettings;
  readonly #limiter: SendRateLimiter | undefined;

  /** Validates options once; throws a `WhatsAppConfigError` when they are wrong. */
  constructor(options: WhatsAppClientOptions) {
    super();
    this.options = resolveOptions(clientOptionsSchema, options, 'WhatsAppClient');
    const provider = options.getAccessToken;
    const staticToken = this.options.accessToken;
    if (!provider && !staticToken)
      throw new WhatsAppConfigError('WhatsAppClient needs accessToken or getAccessToken');
    let refreshing: Promise<string> | undefined;
    this.#limiter = options.rateLimiter === false ? undefined : (options.rateLimiter ?? createRateLimiter());
    this.#http = {
      fetch: options.fetch ?? defaultFetch(),
      // Concurrent requests that all hit 190 share one refresh.
      token: async (refresh) => {
        if (!provider) return staticToken ?? '';
        if (!refresh) return (await refreshing) ?? provider({ refresh: false });
        refreshing ??= Promise.resolve(provider({ refresh: true })).finally(() => {
          refreshing = undefined;
        });
        return refreshing;
      },
      canRefresh: provider !== undefined,
      timeoutMs: this.options.timeoutMs,
      retry: this.options.retry,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
      emitter: this,
    };
    this.media = new MediaApi(
      this.#http,
      (id) => this.#phoneNumberId(id),
      (path) => this.url(path),
    );
    const status = graphApiVersionStatus(this.options.graphApiVersion);
    if (status === 'expired' || status === 'expiring') {
      queueMicrotask(() =>
        this.emit('debug', `Graph API ${this.options.graphApiVersion} is ${status}; upgrade graphApiVersion`),
      );
    }
  }

  /** The absolute Graph URL of a path under the configured version. */
  url(path: string): string {
    return `${this.options.baseUrl.replace(/\/+$/, '')}/${this.options.graphApiVersion}/${path.replace(/^\/+/, '')}`;
  }

  /** Sends a text message. */
  async sendText(input: SendCommon & { body: string; previewUrl?: boolean }): Promise<SendResult> {
    return this.sendMessage(input, 'text', textObject(input.body, input.previewUrl, this.options.validate));
  }

  /** Sends a template (the only kind allowed outside the 24-hour window). */
  async sendTemplate(input: TemplateInput): Promise<SendResult> {
    return this.sendMessage(input, 'template', templateObject(input));
  }

  /** Sends an image by uploaded id or link. */
  async sendImage(input: SendCommon & { media: MediaSource; caption?: string }): Promise<SendResult> {
    return this.#sendMedia('image', input);
  }

  /** Sends a video by uploaded id or link. */
  async sendVideo(input: SendCommon & { media: MediaSource; caption?: string }): Promise<SendResult> {
    return this.#sendMedia('video', input);
  }

  /** Sends a document by uploaded id or link. */
  async sendDocument(
    input: SendCommon & { media: MediaSource; caption?: string; filename?: string },
  ): Promise<SendResult> {
    return this.#sendMedia('document', input);
  }

  /** Sends audio; `voice: true` shows an OGG/Opus file as a voice note. */
  async sendAudio(input: SendCommon & { media: MediaSource; voice?: boolean }): Promise<SendResult> {
    return this.#sendMedia('audio', input);
  }

  /** Sends a WebP sticker. */
  async sendSticker(input: SendCommon & { media: MediaSource }): Promise<SendResult> {
    return this.#sendMedia('sticker', input);
  }

  /** Sends a location pin. */
  async sendLocation(
    input: SendCommon & { latitude: number; longitude: number; name?: string; address?: string },
  ): Promise<SendResult> {
    const { latitude, longitude, name, address } = input;
    return this.sendMessage(input, 'location', { latitude, longitude, name, address });
  }

  /** Sends contact cards (Meta's `contacts[]` shape). */
  async sendContacts(input: SendCommon & { contacts: Array<Record<string, unknown>> }): Promise<SendResult> {
    return this.sendMessage(input, 'contacts', input.contacts);
  }

  /** Sends up to three reply buttons. */
  async sendButtons(
    input: SendCommon & { body: string; buttons: ReplyButton[]; header?: InteractiveHeader; footer?: string },
  ): Promise<SendResult> {
    return this.sendMessage(input, 'interactive', buttonsObject(input, this.options.validate));
  }

  /** Sends a list message (up to 10 rows). */
  async sendList(
    input: SendCommon & {
      body: string;
      buttonText: string;
      sections: ListSection[];
      header?: InteractiveHeader;
      footer?: string;
    },
  ): Promise<SendResult> {
    return this.sendMessage(input, 'interactive', listObject(input, this.options.validate));
  }

  /** Reacts to a message; an empty `emoji` removes the reaction. */
  async sendReaction(input: SendCommon & { messageId: string; emoji: string }): Promise<SendResult> {
    return this.sendMessage(input, 'reaction', { message_id: input.messageId, emoji: input.emoji });
  }

  /** Sends any message type: `object` is the body of the `type` property (escape hatch for new types). */
  async sendMessage(common: SendCommon, type: string, object: unknown): Promise<SendResult> {
    const phoneNumberId = this.#phoneNumberId(common.phoneNumberId);
    const to = this.options.normalizeRecipient ? normalizeRecipient(common.to) : common.to;
    await this.#limiter?.acquire({ phoneNumberId, recipient: to });
    const response = await graphRequest(this.#http, {
      method: 'POST',
      url: this.url(`${phoneNumberId}/messages`),
      json: envelope(common, to, type, object),
    });
    const raw = await readJson<{
      contacts?: Array<{ input?: string; wa_id?: string }>;
      messages?: Array<{ id?: string; message_status?: string }>;
    }>(response);
    const wamid = raw.messages?.[0]?.id;
    if (typeof wamid !== 'string') {
      throw new WhatsAppResponseError('Graph API accepted the message but returned no wamid', {
        status: response.status,
        responseBody: JSON.stringify(raw),
      });
    }
    return {
      wamid,
      waId: raw.contacts?.[0]?.wa_id,
      input: raw.contacts?.[0]?.input,
      messageStatus: raw.messages?.[0]?.message_status,
      raw,
    };
  }

  /**
   * Marks a message (and every earlier one) as read, optionally showing a typing indicator for up to
   * 25 s or until the reply is sent.
   */
  async markAsRead(input: { messageId: string; typing?: boolean; phoneNumberId?: string }): Promise<void> {
    const phoneNumberId = this.#phoneNumberId(input.phoneNumberId);
    const json: Record<string, unknown> = {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: input.messageId,
    };
    if (input.typing) json.typing_indicator = { type: 'text' };
    await this.#limiter?.acquire({ phoneNumberId });
    const response = await graphRequest(this.#http, {
      method: 'POST',
      url: this.url(`${phoneNumberId}/messages`),
      json,
    });
    await readJson(response);
  }

  async #sendMedia(
    type: MediaKind,
    input: SendCommon & { media: MediaSource; caption?: string; filename?: string; voice?: boolean },
  ): Promise<SendResult> {
    return this.sendMessage(input, type, mediaObject(type, input.media, input, this.options.validate));
  }

  #phoneNumberId(perCall: string | undefined): string {
    const id = perCall ?? this.options.phoneNumberId;
    if (!id) throw new WhatsAppConfigError('No phoneNumberId: pass it per call or in the client options');
    return id;
  }
}

let sharedAgent: Agent | undefined;

function defaultFetch(): FetchLike {
  return (input, init) => {
    sharedAgent ??= new Agent({ keepAliveTimeout: 30_000, connections: 32 });
    return undiciFetch(input, {
      ...(init as object),
      dispatcher: sharedAgent,
    }) as unknown as Promise<Response>;
  };
}
