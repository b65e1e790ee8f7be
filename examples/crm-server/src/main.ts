/**
 * The composition root: the only place the pbxkit packages meet. Parses the environment (config.ts),
 * opens the database, builds each package's client, wires their events into comms-log, caller-lookup and
 * the SSE hub, mounts the HTTP API, webhooks and UI, and closes everything on SIGTERM/SIGINT.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CallTracker as AmiCallTracker, AmiClient } from '@pbxkit/ami-client';
import { createCallerLookup, createPhoneBook, normalizePhone } from '@pbxkit/caller-lookup';
import { createCommsLog } from '@pbxkit/comms-log';
import { createPostgresStore } from '@pbxkit/comms-log/postgres';
import { WebhookReceiver, WhatsAppClient } from '@pbxkit/whatsapp-cloud';
import { CallTracker as YeastarCallTracker, YeastarPSeriesClient } from '@pbxkit/yeastar-client';
import type { FastifyInstance } from 'fastify';
import { SessionSigner, TokenTable } from './auth.js';
import { Cluster } from './cluster.js';
import { type Config, loadConfig } from './config.js';
import { CustomerService } from './customers.js';
import { type DemoFakes, startDemoFakes } from './demo/fakes.js';
import { DEMO_USER, seedDemo } from './demo/seed.js';
import { startTraffic } from './demo/traffic.js';
import { buildApp } from './http/app.js';
import type { AppContext } from './http/context.js';
import { ingestCalls } from './ingest/calls.js';
import { whatsappIngest } from './ingest/whatsapp.js';
import { LiveHub, type RelayedEvent } from './live.js';
import { CustomerRepository } from './store/customers.js';
import { openDb } from './store/db.js';
import { migrate } from './store/migrations.js';
import { UserRepository } from './store/users.js';

/** A running server. */
export interface CrmServer {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  app: FastifyInstance;
  ctx: AppContext;
  /** The fakes, in demo mode. */
  demo?: DemoFakes;
  /** Stops traffic, closes HTTP, PBX and WhatsApp clients, the fakes and the database. */
  close(): Promise<void>;
}

/** Location of the built UI (`pnpm build:ui` writes `dist/ui`), from `src/` (tsx) or `dist/server/` (node). */
export const UI_DIR = [new URL('../dist/ui', import.meta.url), new URL('../ui', import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((dir) => existsSync(`${dir}/index.html`));

/** Builds and starts everything described by `config`. */
export async function startCrmServer(initial: Config, options: { uiDir?: string } = {}): Promise<CrmServer> {
  const cleanup: Array<() => Promise<unknown> | unknown> = [];
  const close = async () => {
    for (const fn of cleanup.reverse())
      await Promise.resolve()
        .then(fn)
        .catch(() => {});
  };
  try {
    let config = initial;
    let demo: DemoFakes | undefined;
    if (config.DEMO) {
      const started = await startDemoFakes(config);
      demo = started.fakes;
      config = started.config;
      cleanup.push(() => started.fakes.close());
    }
    const region = config.DEFAULT_REGION;
    // Background failures of the packages: logged, never thrown (before the app's logger exists, to stderr).
    const onError = (error: unknown, what: string) => {
      if (app) app.log.warn({ err: error }, `${what} failed`);
      else if (config.LOG_LEVEL !== 'silent') console.warn(`${what} failed:`, error);
    };
    let app: FastifyInstance | undefined;

    // Storage: the server's tables and comms-log's, in one database (PostgreSQL or embedded PGlite).
    const db = await openDb({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
    cleanup.push(() => db.close());
    await migrate(db);
    const store = createPostgresStore({ db });
    await store.migrate();
    const ownNumbers = config.OWN_NUMBERS.map((n) => normalizePhone(n, { defaultRegion: region }).e164 ?? n);
    const log = createCommsLog({ store, ownNumbers });
    log.on('error', (e) => onError(e, 'comms-log follow-up'));
    // Call writes retried through a database outage give up at shutdown (before the database closes).
    const writes = new AbortController();
    cleanup.push(() => writes.abort());

    // Caller ID: the phone book is fed from the customers table (and kept in sync on every change).
    const phoneBook = createPhoneBook({ normalize: { defaultRegion: region } });
    const lookup = createCallerLookup({
      providers: [phoneBook],
      normalize: { defaultRegion: region },
      deadlineMs: config.LOOKUP_DEADLINE_MS,
    });
    lookup.on('error', (e) => onError(e, 'caller lookup'));
    cleanup.push(() => lookup.close());
    // Customer changes are announced live (the UI refreshes; other instances refresh their phone books).
    let announce: (ids: string[]) => void = () => {};
    const customers = new CustomerService(new CustomerRepository(db, region), log, phoneBook, (ids) =>
      announce(ids),
    );
    const users = new UserRepository(db);
    for (const u of config.CRM_USERS) {
      await users.upsert({
        username: u.username,
        name: u.name ?? u.username,
        extension: u.extension,
        passwordHash: u.passwordHash,
      });
    }
    if (config.DEMO) await seedDemo(users, customers);
    await customers.loadPhoneBook();

    // Live updates: Inbox changes go to everybody; screen pops only to the ringing extensions' users.
    const live = new LiveHub();
    // Several instances: an advisory lock picks the one that ingests PBX events; LISTEN/NOTIFY relays live events.
    let cluster: Cluster | undefined;
    if (config.CLUSTER && config.DATABASE_URL) {
      const c = new Cluster(config.DATABASE_URL, config.CLUSTER_RETRY_MS);
      cluster = c;
      c.on('error', (e) => onError(e, 'cluster'));
      c.on('message', (m) => {
        const relayed = m as RelayedEvent;
        if (relayed.event.type === 'customer') {
          customers.refresh(relayed.event.data.ids).catch((e) => onError(e, 'phone book refresh'));
        }
        live.deliver(relayed);
      });
      c.on('leader', (leader) => app?.log.info(`${leader ? 'took' : 'lost'} the PBX event lock`));
      live.setRelay((m) => c.publish(m).catch((e) => onError(e, 'cluster publish')));
      cleanup.push(() => c.close());
    }
    announce = (ids) => live.broadcast({ type: 'customer', data: { ids } });
    const entryEvent = (
      kind: 'recorded' | 'updated' | 'relinked',
      entries: Array<{ id: string; customerId?: string }>,
    ) =>
      live.broadcast({
        type: 'entry',
        data: {
          kind,
          ids: entries.map((e) => e.id),
          customerIds: [...new Set(entries.flatMap((e) => (e.customerId ? [e.customerId] : [])))],
        },
      });
    log.on('recorded', (e) => entryEvent('recorded', [e]));
    log.on('updated', (e) => entryEvent('updated', [e]));
    log.on('relinked', (r) =>
      entryEvent(
        'relinked',
        r.changes.map((c) => c.entry),
      ),
    );

    const ingestDeps = {
      log,
      lookup,
      users,
      live,
      defaultRegion: region,
      lookupDeadlineMs: config.LOOKUP_DEADLINE_MS,
      isActive: () => !cluster || cluster.isLeader,
      onError,
      signal: writes.signal,
    };
    const ctx: AppContext = {
      config,
      db,
      log,
      customers,
      users,
      sessions: new SessionSigner(
        config.SESSION_SECRET ?? randomBytes(32).toString('base64url'),
        config.SESSION_TTL_HOURS * 3_600_000,
      ),
      tokens: new TokenTable(config.API_TOKENS),
      live,
      lookup,
      ...(options.uiDir !== undefined ? { uiDir: options.uiDir } : UI_DIR ? { uiDir: UI_DIR } : {}),
    };

    // Asterisk / FreePBX over AMI.
    if (config.AMI_HOST) {
      const client = new AmiClient({
        host: config.AMI_HOST,
        port: config.AMI_PORT,
        username: config.AMI_USERNAME,
        secret: config.AMI_SECRET,
        source: config.AMI_SOURCE,
      });
      client.on('error', (e) => onError(e, 'AMI'));
      const tracker = new AmiCallTracker({ pbx: client.source, profile: 'freepbx' });
      tracker.on('error', (e) => onError(e, 'AMI tracker'));
      tracker.attach(client);
      ctx.ami = { client, tracker, stats: ingestCalls(tracker, 'asterisk', ingestDeps) };
      cleanup.push(() => client.close());
      const connecting = client.connect();
      // Outside demo mode the server starts even when the PBX is down; the client keeps reconnecting.
      if (config.DEMO) await connecting;
      else connecting.catch((e) => onError(e, 'AMI connect'));
    }

    // Yeastar P-Series: WebSocket events and/or the signed webhook route.
    if (config.YEASTAR_URL) {
      const client = new YeastarPSeriesClient({
        baseUrl: config.YEASTAR_URL,
        clientId: config.YEASTAR_CLIENT_ID,
        clientSecret: config.YEASTAR_CLIENT_SECRET,
        ...(config.YEASTAR_WEBHOOK_SECRET ? { webhookSecret: config.YEASTAR_WEBHOOK_SECRET } : {}),
      });
      client.on('error', (e) => onError(e, 'Yeastar'));
      const tracker = new YeastarCallTracker({
        pbx: config.YEASTAR_PBX,
        timeZone: config.YEASTAR_TIME_ZONE,
        settleMs: config.YEASTAR_SETTLE_MS,
      });
      tracker.attach(client);
      ctx.yeastar = { client, tracker, stats: ingestCalls(tracker, 'yeastar', ingestDeps) };
      cleanup.push(() => client.close({ revoke: !config.DEMO }));
      if (config.YEASTAR_WEBSOCKET && cluster) {
        // The WebSocket (and its PBX token) is held by the lock holder only.
        cluster.on('leader', (leader) => {
          const change = leader ? client.connect() : client.close({ revoke: false });
          change.catch((e) => onError(e, 'Yeastar connect'));
        });
      } else if (config.YEASTAR_WEBSOCKET) {
        const connecting = client.connect();
        if (config.DEMO) await connecting;
        else connecting.catch((e) => onError(e, 'Yeastar connect'));
      }
    }

    // WhatsApp Cloud API: the webhook writes every message/status before answering 200.
    if (config.META_APP_SECRET && config.META_VERIFY_TOKEN && config.WA_ACCESS_TOKEN) {
      const ingest = whatsappIngest(log, onError);
      const receiver = new WebhookReceiver({
        appSecret: config.META_APP_SECRET,
        verifyToken: config.META_VERIFY_TOKEN,
        onEvents: ingest.onEvents,
      });
      receiver.on('error', (e) => onError(e, 'WhatsApp webhook'));
      const client = new WhatsAppClient({
        accessToken: config.WA_ACCESS_TOKEN,
        ...(config.WA_PHONE_NUMBER_ID ? { phoneNumberId: config.WA_PHONE_NUMBER_ID } : {}),
        ...(config.WA_GRAPH_URL ? { baseUrl: config.WA_GRAPH_URL } : {}),
      });
      ctx.whatsapp = { client, receiver, stats: ingest.stats };
    }

    if (cluster) {
      ctx.cluster = cluster;
      await cluster.start();
    }
    app = await buildApp(ctx);
    cleanup.push(() => app?.close());
    await app.listen({ host: config.HOST, port: config.PORT });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const url =
      config.PUBLIC_URL ?? `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;

    if (demo) {
      demo.graph.addCallback(`${url}/webhooks/whatsapp`);
      demo.yeastar.addWebhook({
        url: `${url}/webhooks/yeastar`,
        secret: config.YEASTAR_WEBHOOK_SECRET ?? '',
      });
      if (config.DEMO_TRAFFIC) {
        const stop = startTraffic(demo, config, (e) => onError(e, 'demo traffic'));
        cleanup.push(stop);
      }
    }
    return { url, app, ctx, ...(demo ? { demo } : {}), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs the server until SIGTERM/SIGINT. */
export async function run(env: Record<string, string | undefined> = process.env): Promise<void> {
  const config = loadConfig(env);
  const server = await startCrmServer(config);
  const banner = [`pbxkit CRM server listening on ${server.url}`];
  if (config.DEMO) {
    banner.push(
      `demo mode: fake Asterisk, Yeastar and WhatsApp${config.DEMO_TRAFFIC ? ' with live traffic' : ''}`,
      `log in as ${DEMO_USER.username} / ${DEMO_USER.password} (extension ${DEMO_USER.extension})`,
    );
    if (!server.ctx.uiDir) banner.push('the UI is not built: run `pnpm --filter @example/crm-server build`');
  }
  console.log(banner.join('\n'));
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
