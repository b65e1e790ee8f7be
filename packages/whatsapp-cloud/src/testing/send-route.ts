// POST /{version}/{phone_number_id}/messages: validation like Meta, the 24 h window, templates,
// throughput and pair limits, then the status lifecycle of the accepted message as webhooks.
import { type FakeSentMessage, type FakeState, pairKey } from './fake-state.js';
import { type FakeHttpResponse, graphError, ok } from './graph-routes.js';
import { makeWamid } from './ids.js';
import { statusesValue, webhookErrorObject } from './payloads.js';

const DAY = 24 * 60 * 60 * 1000;
const MEDIA = new Set(['image', 'video', 'document', 'audio', 'sticker']);
const TYPES = new Set([...MEDIA, 'text', 'template', 'location', 'contacts', 'interactive', 'reaction']);

type Json = Record<string, unknown>;
const rec = (v: unknown): Json | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;

/** Handles one send (or mark-as-read) request. */
export function handleSend(state: FakeState, phoneNumberId: string, raw: Uint8Array): FakeHttpResponse {
  const business = state.phoneNumbers.get(phoneNumberId);
  if (!business) {
    return graphError(state, 100, 400, {
      subcode: 33,
      details: `Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
    });
  }
  let body: Json | undefined;
  try {
    body = rec(JSON.parse(Buffer.from(raw).toString('utf8')));
  } catch {
    body = undefined;
  }
  if (!body) return graphError(state, 100, 400, { details: 'Request body must be a JSON object' });
  if (body.messaging_product !== 'whatsapp')
    return graphError(state, 100, 400, { details: 'The parameter messaging_product is required.' });
  if (body.status === 'read') {
    if (typeof body.message_id !== 'string' || !state.inboundIds.has(body.message_id)) {
      return graphError(state, 131009, 400, { details: 'Invalid message_id' });
    }
    return ok({ success: true });
  }
  const type = typeof body.type === 'string' ? body.type : 'text';
  if (!TYPES.has(type))
    return graphError(state, 131009, 400, { details: `Unsupported message type ${type}` });
  const object = type === 'contacts' ? body.contacts : body[type];
  if (object === undefined)
    return graphError(state, 100, 400, { details: `The parameter ${type} is required.` });
  const invalid = validate(type, object);
  if (invalid) return graphError(state, 131009, 400, { details: invalid });
  if (typeof body.to !== 'string' || body.to.replace(/\D/g, '').length < 6)
    return graphError(state, 100, 400, { details: 'The parameter to is required.' });
  // Meta prepends the business's country code when `+` is missing; the fake mimics that (one-digit code).
  const digits = body.to.replace(/\D/g, '');
  const waId = body.to.trim().startsWith('+')
    ? digits
    : `${business.displayPhoneNumber.slice(0, 1)}${digits}`;
  const recipient = state.recipients.get(waId) ?? {};
  if (recipient.rejectWith) return graphError(state, recipient.rejectWith, 400);
  const limited = rateLimit(state, phoneNumberId, waId);
  if (limited) return limited;
  let category = 'service';
  let paced = false;
  if (type === 'template') {
    const problem = checkTemplate(state, rec(object) ?? {});
    if (typeof problem === 'number') return graphError(state, problem, 400);
    category = problem.category;
    paced = problem.paced;
  } else if (state.settings.enforceServiceWindow) {
    const last = state.lastInbound.get(pairKey(phoneNumberId, waId));
    if (last === undefined || state.now() - last >= DAY) return graphError(state, 131047, 400);
  }
  const wamid = makeWamid(state.random, waId, true);
  const message: FakeSentMessage = {
    wamid,
    phoneNumberId,
    to: body.to,
    waId,
    type,
    body,
    at: state.now(),
    statuses: [],
  };
  state.sent.set(wamid, message);
  scheduleStatuses(state, message, category, body.biz_opaque_callback_data);
  const messages: Json = { id: wamid };
  // Template pacing: Meta holds some sends of a new/paused-risk template for a quality check.
  if (type === 'template') messages.message_status = paced ? 'held_for_quality_assessment' : 'accepted';
  return ok({
    messaging_product: 'whatsapp',
    contacts: [{ input: body.to, wa_id: waId }],
    messages: [messages],
  });
}

function validate(type: string, object: unknown): string | undefined {
  const o = rec(object);
  if (type === 'contacts')
    return Array.isArray(object) && object.length > 0 ? undefined : 'contacts must be a non-empty array';
  if (!o) return `${type} must be an object`;
  if (type === 'text') {
    if (typeof o.body !== 'string' || o.body.length === 0) return 'Text cannot be null for text messages';
    if (o.body.length > 4096) return 'Param text.body must be at most 4096 characters long.';
  }
  if (MEDIA.has(type) && Boolean(o.id) === Boolean(o.link))
    return `Param ${type} must have exactly one of id or link`;
  if (type === 'reaction' && typeof o.message_id !== 'string') return 'Param reaction.message_id is required';
  if (type === 'location' && (o.latitude === undefined || o.longitude === undefined))
    return 'Param location.latitude and longitude are required';
  if (type === 'interactive') {
    const buttons = (rec(o.action)?.buttons as unknown[] | undefined) ?? [];
    if (o.type === 'button' && (buttons.length < 1 || buttons.length > 3))
      return 'Buttons count should be between 1 and 3';
  }
  return undefined;
}

function checkTemplate(state: FakeState, object: Json): number | { category: string; paced: boolean } {
  const name = object.name;
  const language = rec(object.language)?.code;
  const template = state.templates.find((t) => t.name === name && t.language === language);
  if (!template) return 132001;
  const status = template.status ?? 'APPROVED';
  if (status === 'PAUSED') return 132015;
  if (status === 'DISABLED') return 132016;
  if (status !== 'APPROVED') return 132001;
  const components = Array.isArray(object.components) ? object.components.map(rec) : [];
  const bodyParams = (components.find((c) => c?.type === 'body')?.parameters as Json[] | undefined) ?? [];
  const expected = template.bodyParameters ?? 0;
  if (typeof expected === 'number') {
    if (bodyParams.length !== expected) return 132000;
    if (bodyParams.some((p) => p.parameter_name !== undefined)) return 132012;
  } else {
    const names = bodyParams.map((p) => p.parameter_name);
    if (names.length !== expected.length) return 132000;
    if (!expected.every((n) => names.includes(n))) return 132012;
  }
  return { category: template.category ?? 'utility', paced: template.paced ?? false };
}

function rateLimit(state: FakeState, phoneNumberId: string, waId: string): FakeHttpResponse | undefined {
  const now = state.now();
  const window = (key: string, span: number) => {
    const times = (state.sendTimes.get(key) ?? []).filter((t) => now - t < span);
    state.sendTimes.set(key, times);
    return times;
  };
  const perNumber = window(`n:${phoneNumberId}`, 1000);
  if (perNumber.length >= state.settings.throughputPerSecond) return graphError(state, 130429, 400);
  const pair = state.settings.pairLimit;
  const perPair = pair ? window(`p:${phoneNumberId}:${waId}`, pair.perMs) : [];
  if (pair && perPair.length >= pair.messages) return graphError(state, 131056, 400);
  perNumber.push(now);
  if (pair) perPair.push(now);
  return undefined;
}

/** Queues sent → delivered → read (→ played for voice notes), or a failure, as status webhooks. */
function scheduleStatuses(
  state: FakeState,
  message: FakeSentMessage,
  category: string,
  opaque: unknown,
): void {
  const recipient = state.recipients.get(message.waId) ?? {};
  const delays = state.settings.statusDelaysMs;
  const voice = message.type === 'audio' && rec(message.body.audio)?.voice === true;
  let steps: Array<[string, number]> = [['sent', delays.sent]];
  if (recipient.failWith !== undefined) steps.push(['failed', delays.delivered]);
  else {
    const stopAt = recipient.stopAt ?? 'read';
    if (stopAt !== 'sent' && !(recipient.skipDelivered && stopAt === 'read'))
      steps.push(['delivered', delays.delivered]);
    if (stopAt === 'read') steps.push(['read', delays.read]);
    if (stopAt === 'read' && voice) steps.push(['played', delays.played]);
  }
  if (recipient.outOfOrder) {
    const last = Math.max(...steps.map(([, d]) => d));
    steps = steps.reverse().map(([s]) => [s, last]);
  }
  const business = state.phoneNumbers.get(message.phoneNumberId);
  if (!business) return;
  for (const [status, delay] of steps) {
    const at = message.at + delay;
    const entry: Json = {
      id: message.wamid,
      status,
      timestamp: String(Math.floor(at / 1000)),
      recipient_id: message.waId,
    };
    if (typeof opaque === 'string') entry.biz_opaque_callback_data = opaque;
    const free = category === 'service';
    if (
      state.settings.webhookShape === 'pre-v24' &&
      status !== 'failed' &&
      status !== 'read' &&
      status !== 'played'
    ) {
      entry.conversation = {
        id: Buffer.from(message.wamid).toString('hex').slice(0, 32),
        ...(status === 'sent' ? { expiration_timestamp: String(Math.floor((at + 86_400_000) / 1000)) } : {}),
        origin: { type: category },
      };
    }
    if (status === 'sent') {
      entry.pricing =
        state.settings.webhookShape === 'pre-v24'
          ? { billable: !free, pricing_model: 'CBP', category }
          : {
              billable: !free,
              pricing_model: 'PMP',
              type: free ? 'free_customer_service' : 'regular',
              category,
            };
    }
    if (status === 'failed') entry.errors = [webhookErrorObject(recipient.failWith ?? 131000)];
    message.statuses.push(status);
    state.emitter.enqueue(
      statusesValue(business, { statuses: [entry] }),
      'messages',
      Math.max(0, at - state.now()),
    );
  }
}
