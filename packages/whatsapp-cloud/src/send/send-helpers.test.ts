import { describe, expect, it } from 'vitest';
import { GraphApiError, parseRetryAfter, WhatsAppNetworkError } from '../errors.js';
import { graphApiVersionStatus } from '../versions.js';
import { normalizeRecipient } from './builders.js';
import { encodeMultipart } from './multipart.js';
import { createRateLimiter } from './rate-limiter.js';
import { retryDelay } from './retry.js';

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, pairRateLimitDelayMs: 6000 };
const graph = (code: number, method = 'POST', status = 400, retryAfter?: string) =>
  GraphApiError.fromResponse({
    status,
    method,
    url: 'u',
    body: JSON.stringify({ error: { code } }),
    retryAfter,
  });

describe('createRateLimiter', () => {
  function clock() {
    let now = 0;
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      now += ms;
    };
    return { now: () => now, sleep, waits };
  }

  it('lets a burst through, then paces at the sustained rate per number', async () => {
    const c = clock();
    const limiter = createRateLimiter({
      perNumber: { ratePerSecond: 10, burst: 3 },
      now: c.now,
      sleep: c.sleep,
    });
    for (let i = 0; i < 5; i++) await limiter.acquire({ phoneNumberId: 'A' });
    expect(c.waits).toEqual([100, 100]);
    await limiter.acquire({ phoneNumberId: 'B' }); // another number has its own budget
    expect(c.waits).toHaveLength(2);
  });

  it('paces one recipient without slowing the others', async () => {
    const c = clock();
    const limiter = createRateLimiter({
      perNumber: false,
      perRecipient: { ratePerSecond: 1 / 6, burst: 1 },
      now: c.now,
      sleep: c.sleep,
    });
    await limiter.acquire({ phoneNumberId: 'A', recipient: '+1' });
    await limiter.acquire({ phoneNumberId: 'A', recipient: '+2' });
    expect(c.waits).toEqual([]);
    await limiter.acquire({ phoneNumberId: 'A', recipient: '+1' });
    expect(c.waits).toEqual([6000]);
  });

  it('queues concurrent callers fairly by reserving slots', async () => {
    const c = clock();
    const limiter = createRateLimiter({
      perNumber: { ratePerSecond: 1, burst: 1 },
      now: c.now,
      sleep: async (ms) => void c.waits.push(ms),
    });
    await Promise.all([1, 2, 3].map(() => limiter.acquire({ phoneNumberId: 'A' })));
    expect(c.waits.sort()).toEqual([1000, 2000]);
  });

  it('has a default of 80 messages per second per number', async () => {
    const c = clock();
    const limiter = createRateLimiter({ now: c.now, sleep: c.sleep });
    for (let i = 0; i < 81; i++) await limiter.acquire({ phoneNumberId: 'A', recipient: `${i}` });
    expect(c.waits).toEqual([12.5]);
  });
});

describe('retryDelay', () => {
  it('retries throttling codes with full-jitter exponential backoff, capped', () => {
    expect(retryDelay(graph(130429), 1, policy, () => 1)).toBe(100);
    expect(retryDelay(graph(130429), 3, policy, () => 1)).toBe(400);
    expect(retryDelay(graph(4), 3, { ...policy, maxDelayMs: 150 }, () => 1)).toBe(150);
    expect(retryDelay(graph(80007), 1, policy, () => 0)).toBe(0);
  });
  it('honours Retry-After and the 131056 minimum', () => {
    expect(retryDelay(graph(130429, 'POST', 429, '7'), 1, policy)).toBe(7000);
    expect(retryDelay(graph(131056), 1, policy, () => 1)).toBe(6000);
  });
  it('never retries what could send twice or cannot succeed', () => {
    expect(retryDelay(graph(131047), 1, policy)).toBeUndefined();
    expect(retryDelay(graph(131000, 'POST', 500), 1, policy)).toBeUndefined();
    expect(retryDelay(graph(131000, 'GET', 500), 1, policy, () => 1)).toBe(100);
    expect(retryDelay(graph(130429), 4, policy)).toBeUndefined();
    expect(retryDelay(new Error('x'), 1, policy)).toBeUndefined();
    const reset = new WhatsAppNetworkError('reset', {
      method: 'POST',
      url: 'u',
      connectFailed: false,
      isRetryable: false,
    });
    expect(retryDelay(reset, 1, policy)).toBeUndefined();
  });
});

describe('small helpers', () => {
  it('normalises recipients to E.164 and leaves other handles alone', () => {
    expect(normalizeRecipient('16505551234')).toBe('+16505551234');
    expect(normalizeRecipient(' +30 697-401 (5758) ')).toBe('+306974015758');
    expect(normalizeRecipient('US.13491208655302741918')).toBe('US.13491208655302741918');
    expect(normalizeRecipient('120363000000000000@g.us')).toBe('120363000000000000@g.us');
    expect(normalizeRecipient('123')).toBe('123');
  });
  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
  it('knows which Graph API versions expire', () => {
    const now = new Date('2026-11-21T00:00:00Z');
    expect(graphApiVersionStatus('v25.0', now)).toBe('ok');
    expect(graphApiVersionStatus('v20.0', now)).toBe('expired');
    expect(graphApiVersionStatus('v21.0', now)).toBe('expiring');
    expect(graphApiVersionStatus('v19.0', now)).toBe('expired');
    expect(graphApiVersionStatus('v26.0', now)).toBe('ok');
    expect(graphApiVersionStatus('v30.0', now)).toBeUndefined();
  });
  it('encodes multipart bodies with a file part', () => {
    const { body, contentType } = encodeMultipart([
      { name: 'messaging_product', value: 'whatsapp' },
      { name: 'file', filename: 'a"b.png', contentType: 'image/png', data: new Uint8Array([0, 255]) },
    ]);
    const boundary = contentType.split('boundary=')[1] ?? '';
    const text = Buffer.from(body).toString('latin1');
    expect(
      text.startsWith(
        `--${boundary}\r\nContent-Disposition: form-data; name="messaging_product"\r\n\r\nwhatsapp\r\n`,
      ),
    ).toBe(true);
    expect(text).toContain('filename="a_b.png"\r\nContent-Type: image/png\r\n\r\n\u0000\u00ff\r\n');
    expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
  });
});
