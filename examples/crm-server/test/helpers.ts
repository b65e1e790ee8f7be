import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { type CrmServer, startCrmServer } from '../src/main.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are read loosely in tests
export type Json = any;

export const TEST_TOKEN = 'test-token-0123456789abcdefghij';

/** The server in demo mode without traffic (fakes on manual clocks), on PGlite in memory or a given DB. */
export async function startTestServer(env: Record<string, string> = {}): Promise<CrmServer> {
  const config = loadConfig({
    DEMO: '1',
    DEMO_TRAFFIC: '0',
    DATA_DIR: 'memory://',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    YEASTAR_WEBSOCKET: '0',
    YEASTAR_SETTLE_MS: '20',
    API_TOKENS: `demo:${TEST_TOKEN}`,
    ...env,
  });
  return startCrmServer(config, { uiDir: '' });
}

/** A throwaway PostgreSQL database on 127.0.0.1:5432 (user postgres, trust), dropped by `drop()`. */
export async function throwawayDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `crm_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    drop: async () => {
      const a = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** A tiny HTTP client bound to one server and one identity. */
export class Api {
  constructor(
    readonly base: string,
    readonly headers: Record<string, string> = {},
  ) {}

  static async login(base: string, username = 'demo', password = 'demo'): Promise<Api> {
    const res = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    return new Api(base, { cookie });
  }

  async request<T = Json>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...this.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  get = <T = Json>(path: string) => this.request<T>('GET', path);
  post = <T = Json>(path: string, body?: unknown) => this.request<T>('POST', path, body ?? {});
  patch = <T = Json>(path: string, body: unknown) => this.request<T>('PATCH', path, body);
}

export interface SseEvent {
  event: string;
  data: Json;
}

/** An SSE connection collecting events; `waitFor` resolves on the first (past or future) match. */
export function openEvents(api: Api) {
  const controller = new AbortController();
  const events: SseEvent[] = [];
  const waiters = new Set<{ match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }>();
  let opened!: () => void;
  const ready = new Promise<void>((r) => {
    opened = r;
  });
  const ended = (async () => {
    const res = await fetch(`${api.base}/api/events`, { headers: api.headers, signal: controller.signal });
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        let event = 'message';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data += line.slice(6);
        }
        if (!data) continue;
        const e = { event, data: JSON.parse(data) };
        if (event === 'hello') opened();
        events.push(e);
        for (const w of waiters) {
          if (w.match(e)) {
            waiters.delete(w);
            w.resolve(e);
          }
        }
      }
    }
  })().catch(() => {});
  return {
    events,
    ready,
    /** Resolves when the server ended the stream (or it was closed). */
    ended,
    waitFor(match: (e: SseEvent) => boolean, timeoutMs = 10_000): Promise<SseEvent> {
      const past = events.find(match);
      if (past) return Promise.resolve(past);
      return new Promise((resolve, reject) => {
        const w = { match, resolve };
        waiters.add(w);
        setTimeout(() => {
          if (waiters.delete(w)) reject(new Error(`no matching SSE event in ${timeoutMs} ms`));
        }, timeoutMs);
      });
    },
    close: () => controller.abort(),
  };
}

/** Polls `check` until it returns a value (not undefined), with a bounded deadline. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${last}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
