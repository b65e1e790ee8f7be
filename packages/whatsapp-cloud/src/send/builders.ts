// Pure: typed send inputs in, Graph `POST /{phone_number_id}/messages` bodies out (Meta: messages/send-messages).
import { WhatsAppValidationError } from '../errors.js';

/** Media by uploaded id or by a public HTTPS link (Meta caches links for 10 minutes). */
export type MediaSource =
  | {
      /** Uploaded media id. */
      id: string;
      /** Not with `id`. */
      link?: never;
    }
  | {
      /** Public HTTPS URL. */
      link: string;
      /** Not with `link`. */
      id?: never;
    };

/** Options shared by every message send. */
export interface SendCommon {
  /** Recipient: E.164 phone (`+16505551234`), a wa_id, or a group id with `recipientType: 'group'`. */
  to: string;
  /** Business number to send from; defaults to the client's `phoneNumberId`. */
  phoneNumberId?: string;
  /** wamid of the message to quote (reply context). */
  replyTo?: string;
  /** Echoed back in every status webhook of this message (≤ 512 chars): correlate with a CRM row. */
  bizOpaqueCallbackData?: string;
  /** `individual` (default) or `group`. */
  recipientType?: 'individual' | 'group';
}

/** A template parameter (`components[].parameters[]`); `parameter_name` for named templates. */
export interface TemplateParameter {
  /** `text`, `currency`, `date_time`, `image`, `video`, `document`, `location`, `payload`, … */
  type: string;
  /** Value of a `text` parameter. */
  text?: string;
  /** Name of the parameter in a named template (`{{first_name}}`). */
  parameter_name?: string;
  /** Media of an `image` header. */
  image?: MediaSource;
  /** Media of a `video` header. */
  video?: MediaSource;
  /** Media of a `document` header. */
  document?: MediaSource;
  /** Payload of a quick-reply button. */
  payload?: string;
  /** Other parameter kinds (`currency`, `date_time`, `location`), in Meta's shape. */
  [key: string]: unknown;
}

/** A template component with its parameters. */
export interface TemplateComponent {
  /** `header`, `body`, `button`, … */
  type: string;
  /** Button kind (`quick_reply`, `url`, `copy_code`, …) for `button` components. */
  sub_type?: string;
  /** Button position for `button` components. */
  index?: number | string;
  /** The values substituted into the template. */
  parameters?: TemplateParameter[];
  /** Other component fields (carousel cards, …). */
  [key: string]: unknown;
}

/** Input of `sendTemplate`. */
export interface TemplateInput extends SendCommon {
  /** Approved template name. */
  name: string;
  /** Language code, e.g. `en_US`. */
  language: string;
  /**
   * Body parameters: an array for positional `{{1}}` templates, an object for named `{{first_name}}`
   * templates (sent with `parameter_name`). Added as a `body` component.
   */
  bodyParameters?: string[] | Record<string, string>;
  /** Full components, for headers, buttons and non-text parameters. */
  components?: TemplateComponent[];
}

/** A reply button of an interactive `button` message. */
export interface ReplyButton {
  /** Id echoed back in the `button_reply` (≤ 256 chars). */
  id: string;
  /** Label (≤ 20 chars). */
  title: string;
}

/** A section of an interactive list. */
export interface ListSection {
  /** Section title (required when there are several sections). */
  title?: string;
  /** Rows: at most 10 in total across sections. */
  rows: Array<{
    /** Id echoed back in the `list_reply`. */
    id: string;
    /** Row title (≤ 24 chars). */
    title: string;
    /** Row description (≤ 72 chars). */
    description?: string;
  }>;
}

/** Header of an interactive message. */
export interface InteractiveHeader {
  /** `text`, `image`, `video` or `document`. */
  type: 'text' | 'image' | 'video' | 'document';
  /** Header text (`text`). */
  text?: string;
  /** Header image. */
  image?: MediaSource;
  /** Header video. */
  video?: MediaSource;
  /** Header document. */
  document?: MediaSource;
}

const check = (ok: boolean, message: string) => {
  if (!ok) throw new WhatsAppValidationError(message);
};

/** Wraps a type object into the message envelope. */
export function envelope(
  common: SendCommon,
  to: string,
  type: string,
  object: unknown,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    messaging_product: 'whatsapp',
    recipient_type: common.recipientType ?? 'individual',
    to,
    type,
    [type]: object,
  };
  if (common.replyTo) body.context = { message_id: common.replyTo };
  if (common.bizOpaqueCallbackData !== undefined) {
    check(common.bizOpaqueCallbackData.length <= 512, 'bizOpaqueCallbackData is limited to 512 characters');
    body.biz_opaque_callback_data = common.bizOpaqueCallbackData;
  }
  return body;
}

/**
 * Normalises a recipient: strips spaces, dashes, dots and parentheses from phone-like input and adds
 * `+` to bare digits, because Meta prepends the business number's country code to numbers without
 * `+` (a wa_id such as `16505551234` would otherwise be mis-delivered). Group ids and
 * business-scoped user ids (`US.1349…`) are left alone.
 */
export function normalizeRecipient(to: string): string {
  const trimmed = to.trim();
  if (/^\+?[\d\s\-().]+$/.test(trimmed) && /\d{6,}/.test(trimmed.replace(/\D/g, ''))) {
    const digits = trimmed.replace(/\D/g, '');
    return `+${digits}`;
  }
  return trimmed;
}

/** `text` object. */
export function textObject(body: string, previewUrl: boolean | undefined, validate: boolean) {
  if (validate) check(body.length > 0 && body.length <= 4096, 'text body must be 1–4096 characters');
  return previewUrl === undefined ? { body } : { preview_url: previewUrl, body };
}

/** Media object (`image`, `video`, `document`, `audio`, `sticker`). */
export function mediaObject(
  type: 'image' | 'video' | 'document' | 'audio' | 'sticker',
  media: MediaSource,
  extra: { caption?: string; filename?: string; voice?: boolean },
  validate: boolean,
) {
  if (validate) {
    check(Boolean(media.id) !== Boolean(media.link), `${type} needs exactly one of id or link`);
    if (extra.caption !== undefined) {
      check(
        type === 'image' || type === 'video' || type === 'document',
        `${type} messages cannot have a caption`,
      );
      check(extra.caption.length <= 1024, 'caption is limited to 1024 characters');
    }
  }
  const object: Record<string, unknown> = media.id ? { id: media.id } : { link: media.link };
  if (extra.caption !== undefined) object.caption = extra.caption;
  if (extra.filename !== undefined && type === 'document') object.filename = extra.filename;
  if (extra.voice !== undefined && type === 'audio') object.voice = extra.voice;
  return object;
}

/** `template` object with named or positional body parameters. */
export function templateObject(input: TemplateInput) {
  const components: TemplateComponent[] = [...(input.components ?? [])];
  if (input.bodyParameters) {
    const parameters: TemplateParameter[] = Array.isArray(input.bodyParameters)
      ? input.bodyParameters.map((text) => ({ type: 'text', text }))
      : Object.entries(input.bodyParameters).map(([parameter_name, text]) => ({
          type: 'text',
          parameter_name,
          text,
        }));
    components.push({ type: 'body', parameters });
  }
  const object: Record<string, unknown> = { name: input.name, language: { code: input.language } };
  if (components.length > 0) object.components = components;
  return object;
}

/** Interactive reply-buttons object. */
export function buttonsObject(
  input: { body: string; buttons: ReplyButton[]; header?: InteractiveHeader; footer?: string },
  validate: boolean,
) {
  if (validate) {
    check(input.buttons.length >= 1 && input.buttons.length <= 3, 'interactive buttons need 1–3 buttons');
    for (const b of input.buttons)
      check(b.title.length >= 1 && b.title.length <= 20, 'button titles are 1–20 characters');
    check(input.body.length <= 1024, 'interactive body is limited to 1024 characters');
  }
  return interactive('button', input, {
    buttons: input.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })),
  });
}

/** Interactive list object. */
export function listObject(
  input: {
    body: string;
    buttonText: string;
    sections: ListSection[];
    header?: InteractiveHeader;
    footer?: string;
  },
  validate: boolean,
) {
  if (validate) {
    const rows = input.sections.reduce((n, s) => n + s.rows.length, 0);
    check(rows >= 1 && rows <= 10, 'interactive lists need 1–10 rows in total');
    check(
      input.buttonText.length >= 1 && input.buttonText.length <= 20,
      'list button text is 1–20 characters',
    );
    check(input.sections.length <= 10, 'interactive lists have at most 10 sections');
  }
  return interactive('list', input, { button: input.buttonText, sections: input.sections });
}

function interactive(
  type: string,
  input: { body: string; header?: InteractiveHeader; footer?: string },
  action: Record<string, unknown>,
) {
  const object: Record<string, unknown> = { type, body: { text: input.body }, action };
  if (input.header) object.header = input.header;
  if (input.footer) object.footer = { text: input.footer };
  return object;
}
