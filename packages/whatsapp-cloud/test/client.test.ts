import {
  classifyError,
  GraphApiError,
  isAuthError,
  isRateLimitError,
  isReEngagementError,
  isTemplateError,
  isTransientError,
  isUndeliverableError,
  WhatsAppClient,
  type WhatsAppClientOptions,
  WhatsAppConfigError,
  WhatsAppNetworkError,
  WhatsAppValidationError,
} from '@pbxkit/whatsapp-cloud';
import { FakeGraphApi, type FakeGraphApiOptions } from '@pbxkit/whatsapp-cloud/testing';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers/fixtures.js';

const CUSTOMER = '16505551234';

function setup(fakeOptions: FakeGraphApiOptions = {}, clientOptions: Partial<WhatsAppClientOptions> = {}) {
  const fake = new FakeGraphApi({ startTime: Date.parse('2026-06-01T10:00:00Z'), ...fakeOptions });
  const sleeps: number[] = [];
  const client = new WhatsAppClient({
    accessToken: 'test-access-token',
    phoneNumberId: fake.phoneNumberId,
    fetch: fake.fetch,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    rateLimiter: false,
    ...clientOptions,
  });
  return { fake, client, sleeps };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('WhatsAppClient: sending', () => {
  it('sends text in the shape of Meta’s example and returns the wamid', async () => {
    const { fake, client } = setup();
    await fake.inbound.text({ from: CUSTOMER, body: 'hi' });
    const result = await client.sendText({
      to: '+1 (650) 555-1234',
      body: "As requested, here's the link to our latest product: https://www.meta.com/quest/quest-3/",
      previewUrl: true,
    });
    expect(result.wamid).toMatch(/^wamid\.[A-Za-z0-9+/=]+$/);
    expect(result.waId).toBe(CUSTOMER);
    expect(result.input).toBe('+16505551234');
    const sent = fake.requests.at(-1);
    expect(sent?.path).toBe(`/v25.0/${fake.phoneNumberId}/messages`);
    expect(sent?.headers.authorization).toBe('Bearer test-access-token');
    expect(sent?.body).toEqual(fixture('send', 'request_send_text'));
    expect(Object.keys(fixture('send', 'response_send_text'))).toEqual(Object.keys(sent?.response as object));
  });

  it('sends every message type, with reply context, opaque data and a per-call number', async () => {
    const second = { id: '222222222222222', displayPhoneNumber: '302100000000' };
    const { fake, client } = setup({
      phoneNumbers: [{ id: '106540352242922', displayPhoneNumber: '15550783881' }, second],
    });
    const { wamid: inbound } = await fake.inbound.text({
      from: CUSTOMER,
      body: 'hi',
      phoneNumberId: second.id,
    });
    const common = { to: CUSTOMER, phoneNumberId: second.id };
    const uploaded = await client.media.upload({
      data: new Uint8Array([1, 2, 3]),
      mimeType: 'image/jpeg',
      phoneNumberId: second.id,
    });
    const results = [
      await client.sendText({ ...common, body: 'reply', replyTo: inbound, bizOpaqueCallbackData: 'row-1' }),
      await client.sendImage({ ...common, media: { id: uploaded.id }, caption: 'pic' }),
      await client.sendVideo({ ...common, media: { link: 'https://example.com/v.mp4' }, caption: 'vid' }),
      await client.sendDocument({
        ...common,
        media: { link: 'https://example.com/a.pdf' },
        filename: 'a.pdf',
      }),
      await client.sendAudio({ ...common, media: { link: 'https://example.com/a.ogg' }, voice: true }),
      await client.sendSticker({ ...common, media: { link: 'https://example.com/s.webp' } }),
      await client.sendLocation({ ...common, latitude: 37.98, longitude: 23.72, name: 'Syntagma' }),
      await client.sendContacts({
        ...common,
        contacts: [{ name: { formatted_name: 'A B' }, phones: [{ phone: '+301' }] }],
      }),
      await client.sendButtons({
        ...common,
        body: 'Pick',
        buttons: [
          { id: 'y', title: 'Yes' },
          { id: 'n', title: 'No' },
        ],
        footer: 'f',
        header: { type: 'text', text: 'h' },
      }),
      await client.sendList({
        ...common,
        body: 'Choose',
        buttonText: 'Options',
        sections: [{ title: 'S', rows: [{ id: 'r1', title: 'Row' }] }],
      }),
      await client.sendReaction({ ...common, messageId: inbound, emoji: '👍' }),
    ];
    expect(new Set(results.map((r) => r.wamid)).size).toBe(results.length);
    const bodies = fake.messages(CUSTOMER).map((m) => m.body);
    expect(bodies.map((b) => b.type)).toEqual([
      'text',
      'image',
      'video',
      'document',
      'audio',
      'sticker',
      'location',
      'contacts',
      'interactive',
      'interactive',
      'reaction',
    ]);
    expect(bodies[0]).toMatchObject({
      context: { message_id: inbound },
      biz_opaque_callback_data: 'row-1',
      recipient_type: 'individual',
    });
    expect(bodies[1]).toMatchObject({ image: { id: uploaded.id, caption: 'pic' } });
    expect(bodies[3]).toMatchObject({ document: { link: 'https://example.com/a.pdf', filename: 'a.pdf' } });
    expect(bodies[4]).toMatchObject({ audio: { voice: true } });
    expect(bodies[8]).toMatchObject({
      interactive: {
        type: 'button',
        action: { buttons: [{ type: 'reply', reply: { id: 'y', title: 'Yes' } }, expect.anything()] },
        footer: { text: 'f' },
      },
    });
    expect(bodies[9]).toMatchObject({ interactive: { type: 'list', action: { button: 'Options' } } });
    expect(fake.messages(CUSTOMER).every((m) => m.phoneNumberId === second.id)).toBe(true);
  });

  it('sends templates with positional and named parameters, outside the window', async () => {
    const { fake, client } = setup({
      templates: [
        { name: 'order_update', language: 'en_US', bodyParameters: 2, category: 'utility' },
        { name: 'welcome', language: 'el', bodyParameters: ['first_name'], category: 'marketing' },
      ],
    });
    const positional = await client.sendTemplate({
      to: `+${CUSTOMER}`,
      name: 'order_update',
      language: 'en_US',
      bodyParameters: ['A-17', 'Tuesday'],
    });
    expect(positional.messageStatus).toBe('accepted');
    fake.setTemplate({ name: 'promo', language: 'en_US', category: 'marketing', paced: true });
    const held = await client.sendTemplate({ to: `+${CUSTOMER}`, name: 'promo', language: 'en_US' });
    expect(held.messageStatus).toBe('held_for_quality_assessment');
    await client.sendTemplate({
      to: `+${CUSTOMER}`,
      name: 'welcome',
      language: 'el',
      bodyParameters: { first_name: 'Μαρία' },
    });
    const [first, , second] = fake.messages(CUSTOMER).map((m) => m.body.template);
    expect(first).toEqual({
      name: 'order_update',
      language: { code: 'en_US' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'A-17' },
            { type: 'text', text: 'Tuesday' },
          ],
        },
      ],
    });
    expect(second).toMatchObject({
      components: [
        { type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Μαρία' }] },
      ],
    });
  });

  it('marks as read with a typing indicator in Meta’s shape', async () => {
    const { fake, client } = setup();
    const { wamid } = await fake.inbound.text({ from: CUSTOMER, body: 'hi' });
    await client.markAsRead({ messageId: wamid, typing: true });
    const expected = { ...fixture('send', 'request_mark_as_read_with_typing_indicator'), message_id: wamid };
    expect(fake.requests.at(-1)?.body).toEqual(expected);
    expect(fake.requests.at(-1)?.response).toEqual(fixture('send', 'response_success_true'));
    await client.markAsRead({ messageId: wamid });
    expect(fake.requests.at(-1)?.body).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: wamid,
    });
    const error = await rejection(client.markAsRead({ messageId: 'wamid.unknown' }));
    expect(error).toMatchObject({ code: 131009 });
  });

  it('validates documented limits before sending', async () => {
    const { client, fake } = setup();
    const cases = [
      client.sendText({ to: CUSTOMER, body: 'x'.repeat(4097) }),
      client.sendText({ to: CUSTOMER, body: '' }),
      client.sendButtons({
        to: CUSTOMER,
        body: 'b',
        buttons: [1, 2, 3, 4].map((i) => ({ id: `${i}`, title: `${i}` })),
      }),
      client.sendButtons({ to: CUSTOMER, body: 'b', buttons: [{ id: '1', title: 'x'.repeat(21) }] }),
      client.sendList({
        to: CUSTOMER,
        body: 'b',
        buttonText: 'go',
        sections: [{ rows: Array.from({ length: 11 }, (_, i) => ({ id: `${i}`, title: 't' })) }],
      }),
      client.sendAudio({ to: CUSTOMER, media: { link: 'https://x/a.ogg' }, caption: 'no' } as never),
      client.sendImage({ to: CUSTOMER, media: {} as never }),
      client.sendText({ to: CUSTOMER, body: 'b', bizOpaqueCallbackData: 'x'.repeat(513) }),
    ];
    for (const promise of cases) expect(await rejection(promise)).toBeInstanceOf(WhatsAppValidationError);
    expect(fake.requests).toHaveLength(0);
  });

  it('rejects bad options and a missing phone number id with WhatsAppConfigError', async () => {
    expect(() => new WhatsAppClient({ accessToken: '' })).toThrow(WhatsAppConfigError);
    expect(() => new WhatsAppClient({ accessToken: 't', graphApiVersion: '25' })).toThrow(
      /Graph API version/,
    );
    const client = new WhatsAppClient({ accessToken: 't', rateLimiter: false });
    expect(client.url('/123/messages')).toBe('https://graph.facebook.com/v25.0/123/messages');
    expect(await rejection(client.sendText({ to: CUSTOMER, body: 'x' }))).toBeInstanceOf(WhatsAppConfigError);
  });
});

describe('WhatsAppClient: Graph errors', () => {
  it('maps Meta error envelopes to GraphApiError with code, subcode, details and fbtrace id', async () => {
    const { fake, client } = setup();
    const error = await rejection(client.sendText({ to: CUSTOMER, body: 'no window' }));
    expect(error).toBeInstanceOf(GraphApiError);
    const graph = error as GraphApiError;
    expect(graph.code).toBe(131047);
    expect(graph.status).toBe(400);
    expect(graph.method).toBe('POST');
    expect(graph.url).toContain('/messages');
    expect(graph.details).toMatch(/24 hours/);
    expect(graph.fbtraceId).toMatch(/^A/);
    expect(graph.isRetryable).toBe(false);
    expect(isReEngagementError(graph)).toBe(true);
    expect(fake.requests).toHaveLength(1); // never retried
    fake.expireToken('test-access-token');
    const auth = (await rejection(
      client.sendTemplate({ to: CUSTOMER, name: 'hello_world', language: 'en_US' }),
    )) as GraphApiError;
    expect(auth).toMatchObject({ code: 190, subcode: 463, status: 401, type: 'OAuthException' });
    expect(isAuthError(auth)).toBe(true);
  });

  it('refreshes a rejected token once through getAccessToken, sharing one refresh', async () => {
    const fake = new FakeGraphApi({ accessTokens: ['old', 'new'] });
    const calls: boolean[] = [];
    let current = 'old';
    const client = new WhatsAppClient({
      phoneNumberId: fake.phoneNumberId,
      fetch: fake.fetch,
      rateLimiter: false,
      getAccessToken: async ({ refresh }) => {
        calls.push(refresh);
        if (refresh) current = 'new';
        return current;
      },
    });
    await fake.inbound.text({ from: CUSTOMER, body: 'hi' });
    fake.expireToken('old');
    const results = await Promise.all([
      client.sendText({ to: CUSTOMER, body: 'a' }),
      client.sendText({ to: CUSTOMER, body: 'b' }),
    ]);
    expect(results.every((r) => r.wamid.startsWith('wamid.'))).toBe(true);
    expect(calls.filter(Boolean)).toHaveLength(1);
    expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer new');
    fake.expireToken('new');
    expect(await rejection(client.sendText({ to: CUSTOMER, body: 'c' }))).toMatchObject({ code: 190 });
    expect(() => new WhatsAppClient({ phoneNumberId: '1' })).toThrow(/accessToken or getAccessToken/);
  });

  it('decodes the real error bodies of the fixtures', () => {
    const body = JSON.stringify(fixture('errors', 'graph_error_131009_invalid_parameter'));
    const error = GraphApiError.fromResponse({ status: 400, method: 'POST', url: 'u', body });
    expect(error).toMatchObject({
      code: 131009,
      subcode: 2494010,
      details: 'Text cannot be null for header type text',
      fbtraceId: 'ADVfgNJuHt1I0vswkWjywNs',
      category: 'invalid_request',
    });
    const template = GraphApiError.fromResponse({
      status: 400,
      method: 'POST',
      url: 'u',
      body: JSON.stringify(fixture('errors', 'graph_error_132012_template_param_format')),
    });
    expect(isTemplateError(template)).toBe(true);
    const expired = GraphApiError.fromResponse({
      status: 401,
      method: 'GET',
      url: 'u',
      body: JSON.stringify({ error: fixture('errors', 'graph_error_object_190_expired_token') }),
    });
    expect(expired).toMatchObject({ code: 190, subcode: 463, category: 'auth' });
    const html = GraphApiError.fromResponse({
      status: 502,
      method: 'GET',
      url: 'u',
      body: '<html>Bad gateway</html>',
      retryAfter: '3',
    });
    expect(html).toMatchObject({ code: 1, category: 'transient', isRetryable: true, retryAfterMs: 3000 });
    expect(html.responseBody).toContain('Bad gateway');
  });

  it('classifies webhook error objects with the same classifiers', () => {
    expect(isReEngagementError(fixture('errors', 'webhook_error_object_131047_reengagement'))).toBe(true);
    expect(classifyError(fixture('errors', 'webhook_error_object_131053_media_upload'))).toBe('media');
    expect(isRateLimitError({ code: 130429 })).toBe(true);
    expect(isRateLimitError({ code: 131056 })).toBe(true);
    expect(isUndeliverableError({ code: 131026 })).toBe(true);
    expect(isUndeliverableError({ code: 131049 })).toBe(true);
    expect(isTransientError({ code: 131000 })).toBe(true);
    expect(isTemplateError({ code: 132015 })).toBe(true);
    expect(classifyError({ code: 250 })).toBe('permission');
    expect(classifyError({ code: 999999 })).toBe('unknown');
    expect(classifyError('not an error')).toBe('unknown');
  });

  it('maps template registry problems to 132xxx', async () => {
    const { fake, client } = setup({
      templates: [
        { name: 't', language: 'en', bodyParameters: 1 },
        { name: 'n', language: 'en', bodyParameters: ['a'] },
      ],
    });
    const codes: unknown[] = [];
    const inputs: Array<{ name: string; language: string; bodyParameters?: Record<string, string> }> = [
      { name: 'missing', language: 'en' },
      { name: 't', language: 'en' },
      { name: 't', language: 'en', bodyParameters: { a: 'x' } },
      { name: 'n', language: 'en', bodyParameters: { b: 'x' } },
    ];
    for (const input of inputs) {
      codes.push(((await rejection(client.sendTemplate({ to: CUSTOMER, ...input }))) as GraphApiError).code);
    }
    fake.setTemplate({ name: 't', language: 'en', status: 'PAUSED' });
    codes.push(
      ((await rejection(client.sendTemplate({ to: CUSTOMER, name: 't', language: 'en' }))) as GraphApiError)
        .code,
    );
    fake.setTemplate({ name: 't', language: 'en', status: 'DISABLED' });
    codes.push(
      ((await rejection(client.sendTemplate({ to: CUSTOMER, name: 't', language: 'en' }))) as GraphApiError)
        .code,
    );
    expect(codes).toEqual([132001, 132000, 132012, 132012, 132015, 132016]);
  });
});

describe('WhatsAppClient: retries and pacing', () => {
  it('retries throttling codes with backoff, honouring Retry-After, and 131056 waits at least 6 s', async () => {
    const { fake, client, sleeps } = setup();
    await fake.inbound.text({ from: CUSTOMER, body: 'hi' });
    fake.failNext({ route: 'messages', code: 130429, retryAfterSeconds: 2 });
    fake.failNext({ route: 'messages', code: 131056 });
    const retries: number[] = [];
    client.on('retry', (attempt) => retries.push(attempt));
    const result = await client.sendText({ to: CUSTOMER, body: 'hi' });
    expect(result.wamid).toMatch(/^wamid\./);
    expect(sleeps).toEqual([2000, 6000]);
    expect(retries).toEqual([1, 2]);
  });

  it('never repeats a POST that may have reached Meta, but repeats idempotent reads', async () => {
    const { fake, client, sleeps } = setup();
    await fake.inbound.text({ from: CUSTOMER, body: 'hi' });
    fake.failNext({ route: 'messages', code: 131000, httpStatus: 500 });
    const error = (await rejection(client.sendText({ to: CUSTOMER, body: 'x' }))) as GraphApiError;
    expect(error.code).toBe(131000);
    expect(error.isRetryable).toBe(false);
    const { id } = await client.media.upload({ data: new Uint8Array([9]), mimeType: 'image/png' });
    fake.failNext({ route: 'media', code: 2, httpStatus: 503, times: 2 });
    const info = await client.media.getUrl(id);
    expect(info.id).toBe(id);
    expect(sleeps).toEqual([250, 500]); // full jitter with random() = 0.5: 0.5 × 500, 0.5 × 1000
  });

  it('retries a connection that was never made, then gives up with a typed network error', async () => {
    const { fake, client, sleeps } = setup({}, { retry: { maxAttempts: 2 } });
    await fake.inbound.text({ from: CUSTOMER, body: 'hi' });
    fake.failNext({ network: true });
    await expect(client.sendText({ to: CUSTOMER, body: 'x' })).resolves.toMatchObject({
      wamid: expect.any(String),
    });
    fake.failNext({ network: true, times: 2 });
    const error = (await rejection(client.sendText({ to: CUSTOMER, body: 'y' }))) as WhatsAppNetworkError;
    expect(error).toBeInstanceOf(WhatsAppNetworkError);
    expect(error).toMatchObject({ code: 'NETWORK', connectFailed: true, isRetryable: true, method: 'POST' });
    expect(sleeps).toHaveLength(2);
  });

  it('times out slow answers without retrying a POST', async () => {
    const slow: WhatsAppClientOptions['fetch'] = (_url, init) =>
      new Promise((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    const client = new WhatsAppClient({
      accessToken: 't',
      phoneNumberId: '1',
      fetch: slow,
      timeoutMs: 20,
      rateLimiter: false,
    });
    const error = (await rejection(client.sendText({ to: CUSTOMER, body: 'x' }))) as WhatsAppNetworkError;
    expect(error).toMatchObject({ code: 'TIMEOUT', isRetryable: false, connectFailed: false });
  });

  it('maps a truncated 200 body to WhatsAppResponseError and times out injected latency', async () => {
    const { fake, client } = setup({}, { timeoutMs: 30 });
    await fake.inbound.text({ from: CUSTOMER, body: 'hi' });
    fake.failNext({ malformed: true });
    expect(await rejection(client.sendText({ to: CUSTOMER, body: 'x' }))).toMatchObject({
      code: 'INVALID_RESPONSE',
      status: 200,
    });
    fake.failNext({ latencyMs: 5_000 });
    expect(await rejection(client.sendText({ to: CUSTOMER, body: 'slow' }))).toMatchObject({
      code: 'TIMEOUT',
      isRetryable: false,
    });
    fake.failNext({ latencyMs: 1 });
    await expect(client.sendText({ to: CUSTOMER, body: 'a bit slow' })).resolves.toMatchObject({
      wamid: expect.any(String),
    });
  });

  it('paces sends through the rate limiter per number and recipient', async () => {
    const scopes: unknown[] = [];
    const { fake, client } = setup(
      {},
      { rateLimiter: { acquire: async (scope) => void scopes.push(scope) } },
    );
    await fake.inbound.text({ from: CUSTOMER, body: 'hi' });
    await client.sendText({ to: CUSTOMER, body: 'x' });
    expect(scopes).toEqual([{ phoneNumberId: fake.phoneNumberId, recipient: `+${CUSTOMER}` }]);
  });
});

describe('WhatsAppClient: media', () => {
  it('uploads, looks up, downloads with the bearer (refreshing an expired URL) and deletes', async () => {
    const { fake, client } = setup();
    const data = new TextEncoder().encode('%PDF-1.7 fake');
    const { id } = await client.media.upload({
      data: new Blob([data]),
      mimeType: 'application/pdf',
      filename: 'a.pdf',
    });
    expect(id).toMatch(/^\d{16}$/);
    const info = await client.media.getUrl(id);
    expect(info).toMatchObject({ id, mimeType: 'application/pdf', fileSize: data.byteLength });
    expect(Object.keys(fixture('send', 'response_media_url_syntax')).sort()).toEqual(
      Object.keys(fake.requests.at(-1)?.response as object).sort(),
    );
    const downloaded = await client.media.download(id);
    expect(downloaded.data).toEqual(data);
    expect(downloaded.mimeType).toBe('application/pdf');
    expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer test-access-token');
    // A URL older than 5 minutes answers 404: the client looks the id up again and retries once.
    await fake.clock.advance(6 * 60_000);
    const again = await client.media.download({ id, url: info.url, sha256: info.sha256 });
    expect(again.data).toEqual(data);
    await client.media.delete(id);
    expect(((await rejection(client.media.getUrl(id))) as GraphApiError).code).toBe(100);
  });

  it('downloads inbound media and verifies its base64 sha256; rejects a corrupted file', async () => {
    const { fake, client } = setup();
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);
    const { message } = await fake.inbound.image({ data: bytes, caption: 'pic' });
    const image = message.image as { id: string; sha256: string; url: string };
    // The webhook's direct URL saves the lookup: one GET, with the bearer token.
    const before = fake.requests.length;
    expect(
      (await client.media.download({ id: image.id, url: image.url, sha256: image.sha256 })).data,
    ).toEqual(bytes);
    expect(
      fake.requests.slice(before).map((r) => r.path.split('?')[0]?.startsWith('/__fake/media/')),
    ).toEqual([true]);
    expect((await client.media.download({ id: image.id, sha256: image.sha256 })).data).toEqual(bytes);
    const info = await client.media.getUrl(image.id);
    const error = await rejection(client.media.download({ id: image.id, url: info.url, sha256: 'AAAA' }));
    expect(error).toMatchObject({ code: 'MEDIA_INTEGRITY' });
  });

  it('rejects unsupported upload types with 131053', async () => {
    const { client } = setup();
    const error = (await rejection(
      client.media.upload({ data: new Uint8Array([1]), mimeType: 'application/x-msdownload' }),
    )) as GraphApiError;
    expect(error.code).toBe(131053);
    expect(classifyError(error)).toBe('media');
  });
});
