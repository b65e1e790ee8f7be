import { describe, expect, it } from 'vitest';
import { CommsLogValidationError } from './errors.js';
import { handleSchema, parseOrThrow, recordInputSchema } from './schemas.js';

const valid = {
  source: 'whatsapp',
  externalId: 'wamid.1',
  channel: 'whatsapp',
  direction: 'inbound',
  occurredAt: '2026-01-15T10:00:00Z',
} as const;

describe('recordInputSchema', () => {
  it('coerces dates, defaults counterpart and data, lower-cases e-mail', () => {
    const out = parseOrThrow(
      recordInputSchema,
      { ...valid, counterpart: { email: 'Maria@Example.COM' } },
      'entry',
    );
    expect(out.occurredAt).toEqual(new Date('2026-01-15T10:00:00Z'));
    expect(out.counterpart).toEqual({ email: 'maria@example.com' });
    expect(out.data).toEqual({});
  });

  it('lists every invalid field', () => {
    let error: unknown;
    try {
      parseOrThrow(
        recordInputSchema,
        { ...valid, channel: 'call', occurredAt: 'not a date', counterpart: { waId: '+30697' }, extra: 1 },
        'entry',
      );
    } catch (e) {
      error = e;
    }
    expect(CommsLogValidationError.isInstance(error)).toBe(true);
    const v = error as CommsLogValidationError;
    expect(v.fields).toEqual(expect.arrayContaining(['occurredAt', 'counterpart.waId', '(root)']));
    expect(v.message).toMatch(/^Invalid entry: /);
  });

  it('checks the status against the channel', () => {
    const bad = (input: object) => recordInputSchema.safeParse({ ...valid, ...input }).success;
    expect(bad({ channel: 'call', status: 'read' })).toBe(false);
    expect(bad({ channel: 'whatsapp', status: 'ringing' })).toBe(false);
    expect(bad({ channel: 'note', status: 'sent' })).toBe(false);
    expect(bad({ channel: 'note', status: 'logged' })).toBe(true);
    expect(bad({ channel: 'sms', status: 'failed' })).toBe(true);
  });

  it('rejects data a store cannot keep exactly', () => {
    for (const data of [
      { n: Number.NaN },
      { f: () => 1 },
      { d: new Date('x') },
      { m: new Map() },
      { 'k\u0000': 1 },
    ]) {
      expect(recordInputSchema.safeParse({ ...valid, data }).success, JSON.stringify(Object.keys(data))).toBe(
        false,
      );
    }
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 40; i++) deep = deep.x = {} as Record<string, unknown>;
    expect(recordInputSchema.safeParse({ ...valid, data: { root } }).success).toBe(false);
    expect(
      recordInputSchema.safeParse({ ...valid, data: { ok: [1, 'a', null, true, { d: new Date() }] } })
        .success,
    ).toBe(true);
  });
});

describe('handleSchema', () => {
  it('validates each kind', () => {
    expect(handleSchema.safeParse({ kind: 'phone', value: '+306974015758' }).success).toBe(true);
    expect(handleSchema.safeParse({ kind: 'phone', value: '06974015758x' }).success).toBe(false);
    expect(handleSchema.safeParse({ kind: 'waId', value: '306974015758' }).success).toBe(true);
    expect(handleSchema.safeParse({ kind: 'fax', value: '1' }).success).toBe(false);
  });
});
