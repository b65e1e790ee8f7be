import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A contact in the {@link FakeCrm}. Phones are matched exactly as stored, like many real CRMs do. */
export interface FakeCrmContact {
  /** Contact id. */
  id: string;
  /** First name. */
  firstName: string;
  /** Last name. */
  lastName?: string;
  /** Company name. */
  company?: string;
  /** E-mail. */
  email?: string;
  /** Phone numbers, exactly as the CRM stores them. */
  phones: string[];
  /** Tags. */
  tags?: string[];
  /** Spam score 0–100. */
  spamScore?: number;
}

/** How the {@link FakeCrm} checks credentials. */
export type FakeCrmAuth =
  | {
      /** Open API. */
      type: 'none';
    }
  | {
      /** HTTP Basic. */
      type: 'basic';
      /** Expected user name. */
      username: string;
      /** Expected password. */
      password: string;
    }
  | {
      /** Static bearer token. */
      type: 'bearer';
      /** Expected token. */
      token: string;
    }
  | {
      /** API key in a header or query parameter of this name. */
      type: 'apiKey';
      /** Header or query parameter name. */
      name: string;
      /** Expected key. */
      value: string;
    }
  | {
      /** OAuth2 client credentials via `POST /oauth/token`. */
      type: 'oauth2';
      /** Expected client id. */
      clientId: string;
      /** Expected client secret. */
      clientSecret: string;
      /** Lifetime of issued tokens. @defaultValue 3600 */
      tokenTtlSeconds?: number;
    };

/** Options of {@link startFakeCrm}. */
export interface FakeCrmOptions {
  /** Initial contacts. @defaultValue `[]` */
  contacts?: FakeCrmContact[];
  /** Credentials to demand. @defaultValue `{ type: 'none' }` */
  auth?: FakeCrmAuth;
  /** Delay before every answer. @defaultValue 0 */
  latencyMs?: number;
}

/** One request the fake CRM received. */
export interface FakeCrmRequest {
  /** HTTP method. */
  method: string;
  /** Path without the query. */
  path: string;
  /** Query parameters. */
  query: Record<string, string>;
  /** Request headers (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
  /** Raw request body. */
  body: string;
}

/**
 * A CRM-like JSON API on loopback for tests and demos. Routes:
 * `GET /contacts?phone=` and `POST /contacts/search` (`{ "phone": … }`) answer `{ "data": [contact…] }`;
 * `GET /contacts/by-phone/:phone` answers one contact or 404; `POST /oauth/token` issues
 * client-credentials tokens. Contacts come back as `{ id, first_name, last_name, company: { name }, email, phones, tags, spam_score }`.
 */
export class FakeCrm {
  /** Base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: FakeCrmRequest[] = [];
  /** Contacts; change freely. */
  contacts: FakeCrmContact[];
  /** Delay before every answer; change freely. */
  latencyMs: number;
  /** Access tokens issued so far. */
  tokensIssued = 0;
  readonly #server: Server;
  readonly #auth: FakeCrmAuth;
  readonly #tokens = new Set<string>();
  readonly #failures: Array<{ status: number; body: string }> = [];

  /** @internal Use {@link startFakeCrm}. */
  constructor(server: Server, options: FakeCrmOptions) {
    this.#server = server;
    this.#auth = options.auth ?? { type: 'none' };
    this.contacts = options.contacts ?? [];
    this.latencyMs = options.latencyMs ?? 0;
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    server.on('request', (req, res) => void this.#handle(req, res));
  }

  /** Answer the next `times` API requests with this status and body. */
  failNext(status: number, times = 1, body = '{"error":"scripted failure"}'): this {
    for (let i = 0; i < times; i++) this.#failures.push({ status, body });
    return this;
  }

  /** Revoke every issued OAuth2 token (the next API call gets 401). */
  revokeTokens(): void {
    this.#tokens.clear();
  }

  /** Stop listening and drop open connections. */
  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
    });
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof json === 'string' ? json : JSON.stringify(json));
    };
    if (req.method === 'POST' && url.pathname === '/oauth/token') {
      this.#token(req, body, send);
      return;
    }
    if (!this.#authorized(req, url)) {
      send(401, { error: 'unauthorized' });
      return;
    }
    const failure = this.#failures.shift();
    if (failure) {
      send(failure.status, failure.body);
      return;
    }
    let phone: string | undefined;
    if (req.method === 'GET' && url.pathname === '/contacts')
      phone = url.searchParams.get('phone') ?? undefined;
    else if (req.method === 'POST' && url.pathname === '/contacts/search') {
      try {
        const parsed = JSON.parse(body) as { phone?: unknown };
        phone = typeof parsed.phone === 'string' ? parsed.phone : undefined;
      } catch {
        send(400, { error: 'bad json' });
        return;
      }
    } else if (req.method === 'GET' && url.pathname.startsWith('/contacts/by-phone/')) {
      const wanted = decodeURIComponent(url.pathname.slice('/contacts/by-phone/'.length));
      const found = this.contacts.find((c) => c.phones.includes(wanted));
      if (found) send(200, toJson(found));
      else send(404, { error: 'not found' });
      return;
    } else {
      send(404, { error: 'no such route' });
      return;
    }
    if (phone === undefined) {
      send(400, { error: 'phone is required' });
      return;
    }
    send(200, { data: this.contacts.filter((c) => c.phones.includes(phone)).map(toJson) });
  }

  #token(req: IncomingMessage, body: string, send: (status: number, json: unknown) => void): void {
    if (this.#auth.type !== 'oauth2') {
      send(404, { error: 'no oauth' });
      return;
    }
    const form = new URLSearchParams(body);
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (basic?.[1]) {
      const [u, p] = Buffer.from(basic[1], 'base64').toString().split(':');
      id = decodeURIComponent(u ?? '');
      secret = decodeURIComponent(p ?? '');
    }
    if (form.get('grant_type') !== 'client_credentials') {
      send(400, { error: 'unsupported_grant_type' });
      return;
    }
    if (id !== this.#auth.clientId || secret !== this.#auth.clientSecret) {
      send(401, { error: 'invalid_client' });
      return;
    }
    const token = `tok-${++this.tokensIssued}`;
    this.#tokens.add(token);
    send(200, { access_token: token, token_type: 'Bearer', expires_in: this.#auth.tokenTtlSeconds ?? 3600 });
  }

  #authorized(req: IncomingMessage, url: URL): boolean {
    const auth = this.#auth;
    const header = req.headers.authorization ?? '';
    switch (auth.type) {
      case 'none':
        return true;
      case 'basic':
        return header === `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
      case 'bearer':
        return header === `Bearer ${auth.token}`;
      case 'apiKey':
        return (
          req.headers[auth.name.toLowerCase()] === auth.value ||
          url.searchParams.get(auth.name) === auth.value
        );
      case 'oauth2':
        return this.#tokens.has(header.replace(/^Bearer /, ''));
    }
  }
}

function toJson(c: FakeCrmContact) {
  return {
    id: c.id,
    first_name: c.firstName,
    last_name: c.lastName ?? null,
    company: c.company ? { name: c.company } : null,
    email: c.email ?? null,
    phones: c.phones,
    tags: c.tags ?? [],
    spam_score: c.spamScore ?? null,
  };
}

/**
 * Start a {@link FakeCrm} on 127.0.0.1 with a free port; `close()` it after the test.
 *
 * @example
 * ```ts
 * const crm = await startFakeCrm({ contacts: [{ id: '1', firstName: 'Maria', phones: ['+306974015758'] }] });
 * const provider = createHttpJsonProvider({ id: 'crm', url: `${crm.url}/contacts`, query: { phone: '{{number}}' }, response: { list: 'data', name: 'first_name' } });
 * await crm.close();
 * ```
 */
export async function startFakeCrm(options: FakeCrmOptions = {}): Promise<FakeCrm> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return new FakeCrm(server, options);
}
