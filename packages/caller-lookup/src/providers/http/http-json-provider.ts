import { type Dispatcher, request } from 'undici';
import { CallerLookupConfigError, CallerLookupHttpError } from '../../errors.js';
import { parseOptions } from '../../internal/parse-options.js';
import type { NormalizedPhone, PhoneKind } from '../../phone/types.js';
import type { CallerIdProvider, CallerMatch, ProviderContext } from '../../types.js';
import {
  HTTP_NUMBER_FORMATS,
  type HttpJsonProviderOptions,
  httpJsonProviderOptionsSchema,
  type ResolvedHttpJsonProviderOptions,
} from './http-json-options.js';
import { parseJsonPath, readJsonPath } from './json-path.js';
import { OAuth2TokenSource } from './oauth2.js';
import { checkTemplate, jsonStrings, render, renderJson } from './template.js';

const NUMBER_NAMES = new Set<string>(['number', ...HTTP_NUMBER_FORMATS]);

/**
 * A caller-ID provider that asks a CRM over HTTP and maps its JSON answer: templated URL, query,
 * headers and body with the number encoded for each place; none/basic/bearer/API-key/OAuth2
 * client-credentials auth; JSON-path mapping; a success rule; several number formats tried in turn.
 */
export class HttpJsonProvider implements CallerIdProvider {
  /** Provider id. */
  readonly id: string;
  /** Kinds of number it takes. */
  readonly kinds: readonly PhoneKind[] | undefined;
  /** Its own timeout. */
  readonly timeoutMs: number | undefined;
  /** Configuration version (part of the cache key). */
  readonly version: string | number | undefined;
  /** The validated options. */
  readonly options: ResolvedHttpJsonProviderOptions;
  readonly #dispatcher: Dispatcher | undefined;
  readonly #oauth: OAuth2TokenSource | undefined;
  readonly #secretValues: string[];

  /** @param options - See {@link HttpJsonProviderOptions}; throws {@link CallerLookupConfigError} when invalid. */
  constructor(options: HttpJsonProviderOptions) {
    const { dispatcher, ...rest } = options;
    const o = parseOptions(httpJsonProviderOptionsSchema, rest);
    this.options = o;
    this.id = o.id;
    this.kinds = o.kinds;
    this.timeoutMs = o.timeoutMs;
    this.version = o.version;
    this.#dispatcher = dispatcher;
    const known = (name: string) =>
      NUMBER_NAMES.has(name) || (name.startsWith('params.') && name.slice(7) in o.params);
    checkTemplate(o.url, known, 'url');
    // Placeholders may only fill the path and query: a caller id must never pick the host.
    try {
      const a = new URL(o.url.replace(/\{\{[^}]*\}\}/g, 'a'));
      const b = new URL(o.url.replace(/\{\{[^}]*\}\}/g, 'b'));
      if (a.origin !== b.origin || !/^https?:$/.test(a.protocol)) throw new Error('placeholder in origin');
    } catch (cause) {
      throw new CallerLookupConfigError(
        'url must be an http(s) URL with placeholders only in its path and query',
        { cause },
      );
    }
    for (const [k, v] of Object.entries(o.query)) checkTemplate(v, known, `query.${k}`);
    for (const [k, v] of Object.entries(o.headers)) checkTemplate(v, known, `headers.${k}`);
    for (const s of jsonStrings(o.body)) checkTemplate(s, known, 'body');
    const { response, success } = o;
    try {
      for (const p of [
        response.list,
        response.company,
        response.email,
        response.contactId,
        response.url,
        response.tags,
        response.spamScore,
        success.path,
      ]) {
        if (p !== undefined) parseJsonPath(p);
      }
      for (const p of [response.name ?? []].flat()) parseJsonPath(p);
      for (const p of Object.values(response.fields ?? {})) parseJsonPath(p);
    } catch (cause) {
      throw new CallerLookupConfigError((cause as Error).message, { cause });
    }
    const { auth } = o;
    this.#oauth = auth.type === 'oauth2' ? new OAuth2TokenSource(o.id, auth, dispatcher) : undefined;
    this.#secretValues = auth.type === 'apiKey' && auth.in === 'query' ? [auth.value] : [];
  }

  /** Try each configured number format in turn; the first that finds someone wins. */
  async lookup(phone: NormalizedPhone, { signal }: ProviderContext): Promise<readonly CallerMatch[]> {
    const tried = new Set<string>();
    for (const format of this.options.formats) {
      const value =
        phone.candidates.find((c) => c.form === format)?.key ??
        (format === 'digits' && phone.kind !== 'e164' ? phone.digits : undefined);
      if (value === undefined || tried.has(value)) continue;
      tried.add(value);
      const matches = await this.#ask(phone, value, signal);
      if (matches.length > 0) return matches;
    }
    return [];
  }

  #values(phone: NormalizedPhone, value: string): Record<string, string> {
    const values: Record<string, string> = { number: value };
    for (const c of phone.candidates) values[c.form] ??= c.key;
    values.digits ??= phone.digits;
    for (const [k, v] of Object.entries(this.options.params)) values[`params.${k}`] = v;
    return values;
  }

  async #ask(
    phone: NormalizedPhone,
    value: string,
    signal: AbortSignal,
    retried = false,
  ): Promise<CallerMatch[]> {
    const o = this.options;
    const values = this.#values(phone, value);
    const url = new URL(render(o.url, values, 'path'));
    for (const [k, v] of Object.entries(o.query)) url.searchParams.append(k, render(v, values, 'raw'));
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [k, v] of Object.entries(o.headers)) headers[k.toLowerCase()] = render(v, values, 'header');
    const { auth } = o;
    if (auth.type === 'basic')
      headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    else if (auth.type === 'bearer') headers.authorization = `Bearer ${auth.token}`;
    else if (auth.type === 'apiKey' && auth.in === 'header') headers[auth.name.toLowerCase()] = auth.value;
    else if (auth.type === 'apiKey') url.searchParams.set(auth.name, auth.value);
    else if (this.#oauth) headers.authorization = `Bearer ${await this.#oauth.get(signal)}`;
    let body: string | undefined;
    if (o.method === 'POST' && o.body !== undefined) {
      const rendered = renderJson(o.body, values);
      if (o.bodyType === 'form') {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(
          Object.entries(rendered as Record<string, unknown>).map(([k, v]): [string, string] => [
            k,
            String(v),
          ]),
        ).toString();
      } else {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(rendered);
      }
    }
    const shownUrl = this.#redact(url.toString());
    const fail = (status: number, message: string, responseBody?: string, cause?: unknown) =>
      new CallerLookupHttpError(
        this.id,
        message,
        { status, method: o.method, url: shownUrl, ...(responseBody === undefined ? {} : { responseBody }) },
        { cause },
      );
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: o.method,
        headers,
        body,
        signal,
        dispatcher: this.#dispatcher,
      });
    } catch (cause) {
      if (signal.aborted) throw signal.reason;
      throw fail(0, `${o.method} ${shownUrl} failed: ${(cause as Error).message}`, undefined, cause);
    }
    const text = await readCapped(response.body, o.maxResponseBytes);
    const status = response.statusCode;
    if (status === 401 && this.#oauth && !retried) {
      // The token may have been revoked early: fetch a new one and try once more.
      this.#oauth.invalidate();
      return this.#ask(phone, value, signal, true);
    }
    if (o.success.missStatus.includes(status)) return [];
    const ok = o.success.status ? o.success.status.includes(status) : status >= 200 && status < 300;
    if (!ok) throw fail(status, `${o.method} ${shownUrl} answered ${status}`, text?.slice(0, 2048));
    if (text === undefined) throw fail(status, `Response larger than ${o.maxResponseBytes} bytes`);
    if (text.trim() === '') return [];
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw fail(status, 'Response is not JSON', text.slice(0, 2048), cause);
    }
    if (o.success.path !== undefined) {
      const actual = readJsonPath(json, o.success.path);
      if (o.success.equals === undefined ? !actual : actual !== o.success.equals) return [];
    }
    return this.#map(json, value);
  }

  #map(json: unknown, value: string): CallerMatch[] {
    const { response } = this.options;
    const list = readJsonPath(json, response.list);
    const items = Array.isArray(list) ? list : list && typeof list === 'object' ? [list] : [];
    return items.map((item) => {
      const read = (p: string | undefined) => (p === undefined ? undefined : readJsonPath(item, p));
      const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
      const match: CallerMatch = { matchedKey: value };
      const name = [response.name ?? []]
        .flat()
        .map((p) => str(read(p)))
        .filter(Boolean)
        .join(' ');
      if (name) match.name = name;
      for (const key of ['company', 'email', 'contactId', 'url'] as const) {
        const v = str(read(response[key]));
        if (v !== undefined) match[key] = v;
      }
      const tags = read(response.tags);
      if (Array.isArray(tags)) match.tags = tags.map(str).filter((t): t is string => t !== undefined);
      const score = Number(read(response.spamScore));
      if (response.spamScore !== undefined && Number.isFinite(score)) match.spamScore = score;
      if (response.fields)
        match.fields = Object.fromEntries(Object.entries(response.fields).map(([k, p]) => [k, read(p)]));
      return match;
    });
  }

  #redact(url: string): string {
    let shown = url;
    for (const secret of this.#secretValues)
      shown = shown.replaceAll(encodeURIComponent(secret), '[redacted]');
    return shown;
  }
}

async function readCapped(body: Dispatcher.ResponseData['body'], max: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > max) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Build an {@link HttpJsonProvider}.
 *
 * @example
 * ```ts
 * const crm = createHttpJsonProvider({
 *   id: 'crm',
 *   url: 'https://crm.example/api/contacts',
 *   query: { phone: '{{number}}' },
 *   formats: ['e164', 'national'],
 *   auth: { type: 'bearer', token: process.env.CRM_TOKEN ?? '' },
 *   response: { list: '$.data', name: ['first_name', 'last_name'], contactId: 'id', company: 'company.name' },
 * });
 * ```
 */
export function createHttpJsonProvider(options: HttpJsonProviderOptions): HttpJsonProvider {
  return new HttpJsonProvider(options);
}
