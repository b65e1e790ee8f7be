// The README's quick start, as a test (port 0 instead of 3000).
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createNodeWebhookHandler,
  type MessageStatus,
  mergeStatus,
  WhatsAppClient,
} from '@pbxkit/whatsapp-cloud';
import { FakeGraphApi } from '@pbxkit/whatsapp-cloud/testing';
import { expect, it } from 'vitest';

it('runs the README quick start', async () => {
  const statuses = new Map<string, MessageStatus>();
  const inbound: string[] = [];
  const handler = createNodeWebhookHandler({
    appSecret: 'test-app-secret',
    verifyToken: 'test-verify-token',
    onEvents: async (events) => {
      for (const event of events) {
        if (event.kind === 'message' && event.message.type === 'text') inbound.push(event.message.body);
        else if (event.kind === 'status')
          statuses.set(event.wamid, mergeStatus(statuses.get(event.wamid), event.status));
      }
    },
  });
  const server = createServer(handler).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const fake = new FakeGraphApi({ callback: `http://127.0.0.1:${port}/webhooks/whatsapp` });
  const client = new WhatsAppClient({
    accessToken: 'test-access-token',
    phoneNumberId: fake.phoneNumberId,
    baseUrl: await fake.listen(),
  });
  await fake.inbound.text({ from: '16505551234', body: 'Hi! Is my order on its way?' });
  const { wamid } = await client.sendText({ to: '+16505551234', body: 'Yes, it ships today.' });
  await fake.clock.advance(5_000);
  expect(inbound).toEqual(['Hi! Is my order on its way?']);
  expect(statuses.get(wamid)).toBe('read');
  await fake.close();
  server.close();
});
