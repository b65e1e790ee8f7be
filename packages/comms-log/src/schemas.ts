import { z } from 'zod';
import { CommsLogValidationError, type ValidationIssue } from './errors.js';
import type { RecordInput } from './types.js';

// PostgreSQL text and jsonb cannot hold U+0000, and a lone surrogate would be silently replaced by U+FFFD on
// the way in: both are rejected at the boundary so every store round-trips exactly what it accepted (issue 7,
// "Bad input").
const hasNul = (s: string) => s.includes('\u0000');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isWellFormed = (s: string) => !LONE_SURROGATE.test(s);

/** A string every store can keep byte for byte: no NUL, well-formed Unicode. */
export const safeString = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasNul(s), 'must not contain NUL bytes')
    .refine((s) => isWellFormed(s), 'must be well-formed Unicode (no lone surrogates)');

const id = (max = 256) => safeString(max).min(1);

/** E.164 (`+306974015758`) or a short dialable string (an extension, a short code). */
export const phoneSchema = z
  .string()
  .regex(/^(\+[1-9]\d{1,14}|[0-9*#]{1,15})$/, 'must be E.164 (+306974015758) or a dialable extension');

const waIdSchema = z.string().regex(/^\d{1,20}$/, 'must be digits (a WhatsApp wa_id has no +)');
const emailSchema = z
  .email()
  .max(320)
  .transform((s) => s.toLowerCase());

/** A channel. */
export const channelSchema = z.enum(['call', 'whatsapp', 'sms', 'email', 'note']);
/** A direction. */
export const directionSchema = z.enum(['inbound', 'outbound', 'internal']);
/** A call disposition. */
export const dispositionSchema = z.enum(['answered', 'missed', 'busy', 'failed', 'voicemail', 'abandoned']);
/** A call status. */
export const callStatusSchema = z.enum(['ringing', 'ongoing', ...dispositionSchema.options]);
/** A message status. */
export const messageStatusSchema = z.enum(['pending', 'sent', 'received', 'delivered', 'read', 'failed']);
/** A match state. */
export const matchStateSchema = z.enum(['matched', 'unmatched', 'ambiguous', 'excluded']);
/** Any entry status (`failed` is both a call disposition and a message status). */
export const entryStatusSchema = z.enum([
  ...callStatusSchema.options,
  ...messageStatusSchema.options.filter((s) => s !== 'failed'),
  'logged',
]);

/** The counterpart of an entry. */
export const counterpartSchema = z.strictObject({
  phone: phoneSchema.optional(),
  waId: waIdSchema.optional(),
  bsuid: id(128).optional(),
  email: emailSchema.optional(),
  name: safeString(256).optional(),
});

/** One customer handle. */
export const handleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('phone'), value: phoneSchema }),
  z.strictObject({ kind: z.literal('waId'), value: waIdSchema }),
  z.strictObject({ kind: z.literal('bsuid'), value: id(128) }),
  z.strictObject({ kind: z.literal('email'), value: emailSchema }),
]);

const date = z.coerce.date({ error: 'must be a valid date' });
const seconds = z.number().finite().nonnegative();

const legSchema = z.object({
  id: id(),
  extension: safeString(64).optional(),
  number: safeString(64).optional(),
  name: safeString(256).optional(),
  channel: safeString(256).optional(),
  ringingAt: date.optional(),
  answeredAt: date.optional(),
  endedAt: date.optional(),
  disposition: dispositionSchema.optional(),
});

const transferSchema = z.object({
  kind: z.enum(['blind', 'attended', 'forward']),
  at: date,
  from: safeString(64).optional(),
  to: safeString(64),
  by: safeString(64).optional(),
});

/** A JSON value a store can keep: plain objects, arrays, finite numbers, safe strings, booleans, null, Dates. */
function jsonIssues(value: unknown, path: (string | number)[], out: ValidationIssue[], depth = 0): void {
  const at = path.join('.');
  if (depth > 32) out.push({ path: at, message: 'is nested too deeply' });
  else if (typeof value === 'string') {
    if (hasNul(value)) out.push({ path: at, message: 'must not contain NUL bytes' });
    else if (!isWellFormed(value)) out.push({ path: at, message: 'must be well-formed Unicode' });
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push({ path: at, message: 'must be a finite number' });
  } else if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) out.push({ path: at, message: 'must be a valid date' });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      jsonIssues(v, [...path, i], out, depth + 1);
    });
  } else if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null)
      out.push({ path: at, message: 'must be a plain object' });
    else
      for (const [k, v] of Object.entries(value)) {
        if (hasNul(k)) out.push({ path: at, message: 'keys must not contain NUL bytes' });
        jsonIssues(v, [...path, k], out, depth + 1);
      }
  } else if (value !== null && typeof value !== 'boolean' && value !== undefined) {
    out.push({ path: at, message: `must be JSON data, got ${typeof value}` });
  }
}

/** Channel specifics: known keys typed, any other JSON-safe key kept. */
export const dataSchema = z
  .looseObject({
    pbx: safeString(128).optional(),
    extension: safeString(64).optional(),
    trunk: safeString(128).optional(),
    did: safeString(64).optional(),
    answeredAt: date.optional(),
    endedAt: date.optional(),
    ringSeconds: seconds.optional(),
    talkSeconds: seconds.optional(),
    recording: safeString(2048).optional(),
    legs: z.array(legSchema).max(1000).optional(),
    transfers: z.array(transferSchema).max(1000).optional(),
    incomplete: z.boolean().optional(),
    sentAt: date.optional(),
    deliveredAt: date.optional(),
    readAt: date.optional(),
    failedAt: date.optional(),
  })
  .superRefine((data, ctx) => {
    const issues: ValidationIssue[] = [];
    jsonIssues(data, [], issues);
    for (const i of issues) ctx.addIssue({ code: 'custom', message: i.message, path: i.path.split('.') });
  });

/** The input of `record`: one observation of a call, a message or a note. */
export const recordInputSchema = z
  .strictObject({
    source: id(64),
    externalId: id(),
    channel: channelSchema,
    direction: directionSchema,
    occurredAt: date,
    counterpart: counterpartSchema.prefault({}),
    body: safeString(Number.MAX_SAFE_INTEGER).optional(),
    status: entryStatusSchema.optional(),
    error: z.strictObject({ code: safeString(128), message: safeString(4096) }).optional(),
    data: dataSchema.prefault({}),
    createdBy: id().optional(),
    customerId: id().optional(),
  })
  .superRefine((input, ctx) => {
    const status = input.status;
    if (input.channel === 'call') {
      if (status === undefined)
        ctx.addIssue({ code: 'custom', path: ['status'], message: 'is required for calls' });
      else if (!callStatusSchema.safeParse(status).success)
        ctx.addIssue({ code: 'custom', path: ['status'], message: `"${status}" is not a call status` });
    } else if (input.channel === 'note') {
      if (status !== undefined && status !== 'logged')
        ctx.addIssue({ code: 'custom', path: ['status'], message: 'a note is always "logged"' });
    } else if (status !== undefined && !messageStatusSchema.safeParse(status).success) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: `"${status}" is not a message status` });
    }
  });

// The documented RecordInput interface must stay acceptable to the schema.
const _recordInputFits = (i: RecordInput): z.input<typeof recordInputSchema> => i;
void _recordInputFits;

/** A validated `record` input. */
export type ParsedRecordInput = z.output<typeof recordInputSchema>;

/** Turns zod issues into our field list. */
export function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}

/** Parses `value` with `schema` or throws a {@link CommsLogValidationError} listing every invalid field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = toIssues(parsed.error);
  throw new CommsLogValidationError(
    `Invalid ${what}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
    issues,
    { cause: parsed.error },
  );
}
