import { isKnownEventName } from './event-names.js';

/** What a framed AMI message is: an `Event:`, a `Response:`, an `Action:` (server side), or the greeting line. */
export type AmiMessageKind = 'event' | 'response' | 'action' | 'banner';

const EMPTY: readonly string[] = Object.freeze([]);

/**
 * One AMI message, lossless: the frame text verbatim plus its ordered header pairs (duplicates kept,
 * values never coerced). Header pairs are split lazily on first access, so messages nobody reads
 * cost only their framing.
 *
 * @example
 * ```ts
 * const msg = parser.push(chunk)[0];
 * msg.get('callerIdNum');          // first value, case-insensitive: '0049301234' stays a string
 * msg.getAll('Output');            // every value of a repeated header, in order
 * msg.variables().get('FROM_DID'); // ChanVariable: FROM_DID=... as a Map
 * ```
 */
export class AmiMessage {
  /** `event`, `response` or `banner`. */
  readonly kind: AmiMessageKind;
  /** The event name (`Newchannel`), the response value (`Success`, `Error`, `Follows`), or the banner's AMI version. */
  readonly name: string;
  /** The frame text without its terminating blank line, exactly as received (UTF-8 decoded). */
  readonly raw: string;
  /** The connection this message came from (the client's `source` option). */
  source: string;
  /** Receive time in epoch milliseconds, set by the I/O layer (0 when parsed offline). */
  receivedAt: number;
  /** Asterisk 13 `Response: Follows` body lines (CLI output), when this is such a response. */
  readonly body: readonly string[] | undefined;
  #pairs: string[] | undefined;
  #fields: Record<string, string> | undefined;

  /** Build a message from its frame text; `pairs` may be given when already split. */
  constructor(
    kind: AmiMessageKind,
    name: string,
    raw: string,
    source = '',
    body?: readonly string[],
    pairs?: string[],
  ) {
    this.kind = kind;
    this.name = name;
    this.raw = raw;
    this.source = source;
    this.receivedAt = 0;
    this.body = body;
    this.#pairs = pairs;
  }

  /** Build a message from header pairs, e.g. for tests or the fake server. */
  static fromHeaders(headers: ReadonlyArray<readonly [string, string]>, source = ''): AmiMessage {
    const first = headers[0];
    const key = first?.[0].toLowerCase();
    const kind: AmiMessageKind = key === 'event' ? 'event' : key === 'action' ? 'action' : 'response';
    const raw = headers.map(([k, v]) => `${k}: ${v}`).join('\r\n');
    return new AmiMessage(kind, first?.[1] ?? '', raw, source, undefined, headers.flat());
  }

  /** Ordered header pairs, flattened `[key0, value0, key1, value1, …]`. */
  get pairs(): readonly string[] {
    if (this.#pairs === undefined) this.#pairs = this.kind === 'banner' ? [] : splitHeaders(this.raw);
    return this.#pairs;
  }

  /** Ordered `[key, value]` tuples (duplicates kept). */
  headers(): Array<[string, string]> {
    const p = this.pairs;
    const out: Array<[string, string]> = [];
    for (let i = 0; i < p.length; i += 2) out.push([p[i] as string, p[i + 1] as string]);
    return out;
  }

  /** The first value of `key` (case-insensitive), or `undefined`. */
  get(key: string): string | undefined {
    const p = this.pairs;
    const lower = key.toLowerCase();
    for (let i = 0; i < p.length; i += 2) {
      const k = p[i] as string;
      if (k === key || (k.length === key.length && k.toLowerCase() === lower)) return p[i + 1];
    }
    return undefined;
  }

  /** Every value of `key` (case-insensitive), in wire order. */
  getAll(key: string): string[] {
    const p = this.pairs;
    const lower = key.toLowerCase();
    const out: string[] = [];
    for (let i = 0; i < p.length; i += 2) {
      const k = p[i] as string;
      if (k.length === key.length && (k === key || k.toLowerCase() === lower)) out.push(p[i + 1] as string);
    }
    return out;
  }

  /** True when the header is present (case-insensitive). */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * Discriminant of the typed event union: the event name for typed events, `'unknown'` for
   * other events, `'response'` / `'banner'` for the other kinds.
   */
  get type(): string {
    if (this.kind !== 'event') return this.kind;
    return isKnownEventName(this.name) ? this.name : 'unknown';
  }

  /** The `ActionID` header, if any. */
  get actionId(): string | undefined {
    return this.get('ActionID');
  }

  /**
   * A plain object of the headers, first value wins, keys as sent. Cached. Repeated headers
   * are reachable through {@link AmiMessage.getAll} and {@link AmiMessage.variables}.
   */
  get fields(): Record<string, string> {
    if (this.#fields === undefined) this.#fields = buildFields(this.name, this.pairs);
    return this.#fields;
  }

  /**
   * Channel variables of the `ChanVariable: name=value` lines as a Map (manager.conf `channelvars`);
   * pass `Dest`, `Transferee`, … for the prefixed snapshot's `DestChanVariable` etc.
   */
  variables(prefix = ''): Map<string, string> {
    const key = `${prefix}ChanVariable`;
    const out = new Map<string, string>();
    for (const v of this.getAll(key)) {
      const eq = v.indexOf('=');
      if (eq === -1) out.set(v, '');
      else if (!out.has(v.slice(0, eq))) out.set(v.slice(0, eq), v.slice(eq + 1));
    }
    return out;
  }

  /**
   * The legacy per-channel form `ChanVariable(<channel>): name=value` (OriginateResponse, Rename)
   * as a Map from channel name to its variables.
   */
  channelVariables(): Map<string, Map<string, string>> {
    const p = this.pairs;
    const out = new Map<string, Map<string, string>>();
    for (let i = 0; i < p.length; i += 2) {
      const k = p[i] as string;
      if (k.length < 14 || k.charCodeAt(k.length - 1) !== 41 /* ) */) continue;
      if (k.slice(0, 12).toLowerCase() !== 'chanvariable' || k.charCodeAt(12) !== 40 /* ( */) continue;
      const channel = k.slice(13, -1);
      let vars = out.get(channel);
      if (vars === undefined) {
        vars = new Map();
        out.set(channel, vars);
      }
      const v = p[i + 1] as string;
      const eq = v.indexOf('=');
      const name = eq === -1 ? v : v.slice(0, eq);
      if (!vars.has(name)) vars.set(name, eq === -1 ? '' : v.slice(eq + 1));
    }
    return out;
  }

  /**
   * The event time in epoch ms: the `Timestamp` header (manager.conf `timestampevents=yes`) when
   * present, else {@link AmiMessage.receivedAt}.
   */
  get time(): number {
    const ts = this.get('Timestamp');
    if (ts !== undefined) {
      const n = Number(ts);
      if (Number.isFinite(n) && n > 0) return Math.round(n * 1000);
    }
    return this.receivedAt;
  }

  /** Command output lines: the Asterisk 13 `Follows` body or the 14+ `Output:` headers. */
  get outputLines(): readonly string[] {
    if (this.body !== undefined) return this.body;
    const out = this.getAll('Output');
    return out.length === 0 ? EMPTY : out;
  }

  /** The wire text of this message (without the terminating blank line). */
  toString(): string {
    return this.raw;
  }
}

/** Split a frame's lines into flat `[key, value, …]` pairs; a value's single leading space is dropped. */
export function splitHeaders(raw: string): string[] {
  const out: string[] = [];
  const end = raw.length;
  let ls = 0;
  while (ls < end) {
    let le = raw.indexOf('\r\n', ls);
    if (le === -1) le = end;
    const colon = raw.indexOf(':', ls);
    if (colon === -1 || colon > le) {
      out.push('', raw.slice(ls, le));
    } else {
      const vs = raw.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
      out.push(raw.slice(ls, colon), vs > le ? '' : raw.slice(vs, le));
    }
    ls = le + 2;
  }
  return out;
}

// Events of one name nearly always carry the same header sequence. Cloning a template object of
// that shape and storing values under its (internalized) keys is several times faster than adding
// freshly sliced keys one by one, which forces V8 to hash and internalize every key string.
interface Shape {
  keys: string[];
  template: Record<string, string>;
}
const SHAPES = new Map<string, Shape>();
const MAX_SHAPES = 512;

/** The header keys last seen for events named `name` (interned; lets the parser skip key slices). */
export function shapeKeys(name: string): readonly string[] | undefined {
  return SHAPES.get(name)?.keys;
}

function buildFields(name: string, p: readonly string[]): Record<string, string> {
  const shape = SHAPES.get(name);
  const n = p.length >> 1;
  if (shape !== undefined && shape.keys.length === n) {
    const keys = shape.keys;
    let same = true;
    for (let i = 0; i < n; i++) {
      if (keys[i] !== p[i * 2]) {
        same = false;
        break;
      }
    }
    if (same) {
      const o = { ...shape.template };
      for (let i = 0; i < n; i++) o[keys[i] as string] = p[i * 2 + 1] as string;
      return o;
    }
  }
  const o: Record<string, string> = {};
  let unique = true;
  for (let i = 0; i < p.length; i += 2) {
    const k = p[i] as string;
    if (o[k] === undefined) o[k] = p[i + 1] as string;
    else unique = false;
  }
  // Only duplicate-free sequences become templates (first value wins otherwise).
  if (unique && (shape !== undefined || SHAPES.size < MAX_SHAPES)) {
    const keys = Object.keys(o);
    if (keys.length === n && !keys.includes('__proto__')) SHAPES.set(name, { keys, template: { ...o } });
  }
  return o;
}
