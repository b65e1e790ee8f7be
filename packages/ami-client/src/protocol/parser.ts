import { type AmiErrorCode, AmiProtocolError } from '../errors.js';
import { AmiMessage, shapeKeys } from './message.js';

const SEP = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
const FOLLOWS = 'Response: Follows\r\n';
const END_COMMAND = '--END COMMAND--';
const BANNER_PREFIX = 'Asterisk Call Manager/';
const MAX_BANNER = 1024;

/** Limits and hooks of an {@link AmiParser}. */
export interface AmiParserOptions {
  /**
   * Largest accepted frame in bytes; a larger one is skipped up to the next frame boundary
   * and reported as a `frame_too_large` {@link AmiProtocolError}.
   * @defaultValue 1048576
   */
  maxFrameBytes?: number;
  /**
   * Largest accepted number of header lines in one frame.
   * @defaultValue 512
   */
  maxHeaders?: number;
  /**
   * Expect the `Asterisk Call Manager/x.y.z` greeting line first (a live socket).
   * @defaultValue true
   */
  expectBanner?: boolean;
  /**
   * Event-name filter applied to a cheap peek of the `Event:` line, before any object is built.
   * Return false to drop the event. Responses are never filtered. It must be a pure function of
   * the name: decisions are cached per name.
   */
  acceptEvent?: (name: string) => boolean;
  /**
   * Split header pairs while validating (one scan) instead of on first access. Faster when every
   * message is read (a client feeding a call tracker), slower when most are ignored.
   * @defaultValue false
   */
  eagerHeaders?: boolean;
  /**
   * Tag stamped on every message's `source`.
   * @defaultValue ''
   */
  source?: string;
}

/** Counters of an {@link AmiParser}; they only grow until {@link AmiParser.reset}. */
export interface AmiParserStats {
  /** Bytes pushed. */
  bytes: number;
  /** Events returned. */
  events: number;
  /** Responses returned. */
  responses: number;
  /** Actions returned (a parser on the server side of AMI). */
  actions: number;
  /** Events dropped by `acceptEvent`. */
  filtered: number;
  /** Frames skipped because they exceeded `maxFrameBytes`. */
  oversized: number;
  /** Frames skipped as malformed (no `Event`/`Response`, a line without `:`, too many headers). */
  malformed: number;
  /** Bytes skipped while recovering from bad frames. */
  skippedBytes: number;
}

/** An item produced by {@link AmiParser.push}: a message, or a typed error for a bad frame. */
export type AmiParseResult = AmiMessage | AmiProtocolError;

/**
 * Pure streaming AMI parser: bytes in, messages out; no sockets, no timers. Frames on bytes and
 * decodes only complete frames, so a UTF-8 sequence split across reads is never corrupted. Bad
 * frames become {@link AmiProtocolError} values in the output and parsing resumes at the next
 * frame boundary; the buffer is never cleared silently.
 *
 * @example
 * ```ts
 * const parser = new AmiParser({ acceptEvent: (name) => name !== 'VarSet' });
 * socket.on('data', (chunk) => {
 *   for (const item of parser.push(chunk)) {
 *     if (item instanceof AmiMessage) handle(item);
 *     else console.warn(item.code, item.message);
 *   }
 * });
 * ```
 */
export class AmiParser {
  /** Counters (bytes, events, responses, filtered, oversized, malformed, skippedBytes). */
  readonly stats: AmiParserStats = newStats();
  /**
   * While true, `acceptEvent` is bypassed and every event passes (a client sets it while an
   * EventList action runs, so its items are never filtered away).
   */
  passAll = false;
  /** The AMI version announced by the greeting line, once seen. */
  amiVersion: string | undefined;
  readonly #maxFrame: number;
  readonly #maxHeaders: number;
  readonly #expectBanner: boolean;
  readonly #accept: ((name: string) => boolean) | undefined;
  readonly #eager: boolean;
  #source: string;
  #pending: Buffer[] = [];
  #pendingLen = 0;
  #bannerDue: boolean;
  #discarding = false;
  #tail: Buffer = Buffer.alloc(0);

  /** Create a parser; see {@link AmiParserOptions}. */
  constructor(options: AmiParserOptions = {}) {
    this.#maxFrame = options.maxFrameBytes ?? 1024 * 1024;
    this.#maxHeaders = options.maxHeaders ?? 512;
    this.#expectBanner = options.expectBanner ?? true;
    this.#bannerDue = this.#expectBanner;
    this.#accept = options.acceptEvent;
    this.#eager = options.eagerHeaders ?? false;
    this.#source = options.source ?? '';
  }

  /** Bytes held while waiting for the end of a frame. */
  get buffered(): number {
    return this.#pendingLen;
  }

  /** Forget buffered bytes (a new connection); expects a greeting again when configured so. */
  reset(): void {
    this.#pending = [];
    this.#pendingLen = 0;
    this.#discarding = false;
    this.#tail = Buffer.alloc(0);
    this.#bannerDue = this.#expectBanner;
  }

  /** Feed one chunk; returns the messages (and bad-frame errors) it completed, in order. */
  push(input: Uint8Array): AmiParseResult[] {
    const chunk = Buffer.isBuffer(input)
      ? input
      : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    this.stats.bytes += chunk.length;
    const out: AmiParseResult[] = [];
    this.#push(chunk, out);
    return out;
  }

  #push(input: Buffer, out: AmiParseResult[]): void {
    let chunk = input;
    if (this.#discarding) {
      const rest = this.#skipToBoundary(chunk);
      if (rest === undefined) return;
      chunk = rest;
    }
    if (this.#bannerDue) {
      const rest = this.#banner(chunk, out);
      if (rest === undefined) return;
      chunk = rest;
    }
    if (this.#pendingLen > 0) {
      // Complete the held frame with the head of this chunk only: copying held bytes plus one
      // frame is cheap, copying the whole chunk every read is not.
      // A separator may straddle the held bytes and this chunk (offset -3..-1), else search the chunk.
      const straddle = this.#boundarySep(chunk);
      const first = straddle ?? chunk.indexOf(SEP);
      if (straddle === undefined && first === -1) {
        this.#hold(chunk, out);
        return;
      }
      const headEnd = first + 4;
      const head = Buffer.concat([...this.#pending, chunk.subarray(0, headEnd)]);
      this.#pending = [];
      this.#pendingLen = 0;
      const leftover = this.#decode(head, head.length, out);
      chunk = chunk.subarray(headEnd);
      if (leftover !== undefined) {
        // An Asterisk 13 Follows body went on past that separator: hold it and keep reading.
        this.#holdText(leftover, out);
        if (chunk.length > 0) this.#push(chunk, out);
        return;
      }
      if (chunk.length === 0) return;
    }
    const cut = chunk.lastIndexOf(SEP);
    if (cut === -1) {
      this.#hold(chunk, out);
      return;
    }
    const end = cut + 4;
    const leftover = this.#decode(chunk, end, out);
    const rest = chunk.subarray(end);
    if (leftover !== undefined) {
      this.#holdText(leftover, out);
      if (rest.length > 0) this.#push(rest, out);
    } else if (rest.length > 0) {
      this.#hold(rest, out);
    }
  }

  #decode(data: Buffer, end: number, out: AmiParseResult[]): string | undefined {
    return this.#accept === undefined
      ? this.#frames(data.toString('utf8', 0, end), out)
      : this.#peekFrames(data, end, out);
  }

  #holdText(text: string, out: AmiParseResult[]): void {
    this.#hold(Buffer.from(text, 'utf8'), out);
  }

  // A separator straddling the previous pending bytes and this chunk: its start offset relative to
  // the chunk (negative), or undefined.
  #boundarySep(chunk: Buffer): number | undefined {
    // The last three pending bytes (they may span several tiny parts), newest last; -1 = none.
    let b1 = -1;
    let b2 = -1;
    let b3 = -1;
    let n = 0;
    for (let p = this.#pending.length - 1; p >= 0 && n < 3; p--) {
      const part = this.#pending[p] as Buffer;
      for (let j = part.length - 1; j >= 0 && n < 3; j--, n++) {
        const byte = part[j] as number;
        if (n === 0) b3 = byte;
        else if (n === 1) b2 = byte;
        else b1 = byte;
      }
    }
    // The earliest separator wins: three held bytes first, then two, then one.
    const c = (i: number): number => (i < chunk.length ? (chunk[i] as number) : -1);
    if (b1 === 13 && b2 === 10 && b3 === 13 && c(0) === 10) return -3;
    if (b2 === 13 && b3 === 10 && c(0) === 13 && c(1) === 10) return -2;
    if (b3 === 13 && c(0) === 10 && c(1) === 13 && c(2) === 10) return -1;
    return undefined;
  }

  #hold(chunk: Buffer, out: AmiParseResult[]): void {
    if (chunk.length === 0) return;
    this.#pending.push(chunk);
    this.#pendingLen += chunk.length;
    if (this.#pendingLen > this.#maxFrame) this.#overflow(out);
  }

  // Oversized incomplete frame: report it, drop what we hold, and skip to the next boundary.
  #overflow(out: AmiParseResult[]): void {
    const first = this.#pending[0] as Buffer;
    const excerpt = first.toString('utf8', 0, Math.min(first.length, 512));
    const all = Buffer.concat(this.#pending);
    this.#tail = all.subarray(Math.max(0, all.length - 3));
    this.stats.oversized++;
    this.stats.skippedBytes += this.#pendingLen;
    out.push(
      new AmiProtocolError(
        `frame exceeds maxFrameBytes (${this.#maxFrame}); skipping to the next frame boundary`,
        'frame_too_large',
        excerpt,
        this.#pendingLen,
      ),
    );
    this.#pending = [];
    this.#pendingLen = 0;
    this.#discarding = true;
  }

  #skipToBoundary(chunk: Buffer): Buffer | undefined {
    const probe = Buffer.concat([this.#tail, chunk]);
    const i = probe.indexOf(SEP);
    if (i === -1) {
      this.stats.skippedBytes += chunk.length;
      this.#tail = probe.subarray(Math.max(0, probe.length - 3));
      return undefined;
    }
    const from = i + 4 - this.#tail.length;
    this.stats.skippedBytes += from;
    this.#discarding = false;
    this.#tail = Buffer.alloc(0);
    return chunk.subarray(from);
  }

  #banner(chunk: Buffer, out: AmiParseResult[]): Buffer | undefined {
    const data = this.#pendingLen > 0 ? Buffer.concat([...this.#pending, chunk]) : chunk;
    const nl = data.indexOf(CRLF);
    if (nl === -1) {
      this.#pending = [data];
      this.#pendingLen = data.length;
      if (data.length > MAX_BANNER) {
        this.#bannerDue = false;
        out.push(notAmi(data.toString('utf8', 0, 512)));
        this.#overflowIfNeeded(out);
      }
      return undefined;
    }
    this.#pending = [];
    this.#pendingLen = 0;
    this.#bannerDue = false;
    const line = data.toString('utf8', 0, nl);
    if (line.startsWith(BANNER_PREFIX)) {
      this.amiVersion = line.slice(BANNER_PREFIX.length).trim();
      out.push(new AmiMessage('banner', this.amiVersion, line, this.#source));
      return data.subarray(nl + 2);
    }
    out.push(notAmi(line));
    // Not a greeting: parse it as ordinary input so a peer that skips the banner still works.
    return data;
  }

  #overflowIfNeeded(out: AmiParseResult[]): void {
    if (this.#pendingLen > this.#maxFrame) this.#overflow(out);
  }

  // Frames every complete message of `text` (which ends with a separator). Returns the text of
  // an unterminated Asterisk 13 `Response: Follows` body, to be re-buffered.
  // With a name filter, frames are peeked on bytes and only runs of accepted frames are decoded,
  // so a dropped event never costs a UTF-8 decode (issue 3: "dropped before any object is built").
  #peekFrames(data: Buffer, end: number, out: AmiParseResult[]): string | undefined {
    const accept = this.#accept as (name: string) => boolean;
    let pos = 0;
    let run = -1;
    while (pos < end) {
      while (pos < end && data[pos] === 13 && data[pos + 1] === 10) pos += 2;
      if (pos >= end) break;
      if (data[pos] === 69 /* E */ && isEventLine(data, pos)) {
        // Hash the name bytes up to CR; the decision per name is cached, so a dropped event
        // allocates nothing and calls nothing.
        const from = pos + 7;
        let eol = from;
        let h = 0;
        for (let c = data[eol]; c !== 13 && c !== undefined; c = data[++eol]) h = (h * 31 + c) | 0;
        if (!this.#decide(data, from, eol, h, accept)) {
          if (run !== -1) {
            const left = this.#frames(data.toString('utf8', run, pos), out, true);
            if (left !== undefined) return left + data.toString('utf8', pos, end);
            run = -1;
          }
          this.stats.filtered++;
          pos = data.indexOf(SEP, eol) + 4;
          continue;
        }
      } else if (data[pos] === 82 /* R */ && matchesAt(data, pos, FOLLOWS_BYTES)) {
        // A Follows body may hold anything: decode the rest as one run.
        if (run === -1) run = pos;
        break;
      }
      if (run === -1) run = pos;
      pos = data.indexOf(SEP, pos) + 4;
    }
    return run === -1 ? undefined : this.#frames(data.toString('utf8', run, end), out, true);
  }

  readonly #decisions = new Map<number, Array<{ name: Buffer; ok: boolean }>>();

  #decide(data: Buffer, from: number, to: number, hash: number, accept: (name: string) => boolean): boolean {
    if (this.passAll) return true;
    const len = to - from;
    let bucket = this.#decisions.get(hash);
    if (bucket !== undefined) {
      for (const d of bucket) {
        if (d.name.length !== len) continue;
        let same = true;
        for (let i = 0; i < len; i++) {
          if (d.name[i] !== data[from + i]) {
            same = false;
            break;
          }
        }
        if (same) return d.ok;
      }
    }
    // Event names are ASCII; latin1 is the cheapest decode.
    const ok = accept(data.toString('latin1', from, to));
    if (this.#decisions.size < 4096) {
      if (bucket === undefined) {
        bucket = [];
        this.#decisions.set(hash, bucket);
      }
      bucket.push({ name: Buffer.from(data.subarray(from, to)), ok });
    }
    return ok;
  }

  #frames(text: string, out: AmiParseResult[], prefiltered = false): string | undefined {
    const n = text.length;
    let pos = 0;
    while (pos < n) {
      // Tolerate stray blank lines between frames.
      while (pos < n && text.charCodeAt(pos) === 13 && text.charCodeAt(pos + 1) === 10) pos += 2;
      if (pos >= n) break;
      if (text.charCodeAt(pos) === 82 /* R */ && text.startsWith(FOLLOWS, pos)) {
        const endAt = findEndCommand(text, pos);
        if (endAt === -1) return text.slice(pos);
        this.#follows(text, pos, endAt, out);
        pos = text.indexOf('\r\n\r\n', endAt) + 4;
        continue;
      }
      pos = this.#frame(text, pos, out, prefiltered);
    }
    return undefined;
  }

  // Parses the frame starting at `s` in one pass over its lines (the blank line that ends it is
  // found by the same scan) and returns the offset after it. `text` always ends with a separator.
  #frame(text: string, s: number, out: AmiParseResult[], prefiltered: boolean): number {
    const le = text.indexOf('\r\n', s);
    let kind: 'event' | 'response' | 'action';
    let name: string;
    let firstKey = 'Event';
    if (text.startsWith('Event: ', s)) {
      kind = 'event';
      name = text.slice(s + 7, le);
      // The cheap peek: a filtered event costs one slice, one predicate call and one search.
      if (!prefiltered && this.#accept !== undefined && !this.passAll && !this.#accept(name))
        return this.#skip(text, s);
    } else if (text.startsWith('Response: ', s)) {
      kind = 'response';
      firstKey = 'Response';
      name = text.slice(s + 10, le);
    } else {
      const colon = text.indexOf(':', s);
      const key = colon === -1 || colon > le ? '' : text.slice(s, colon).toLowerCase();
      if (key !== 'event' && key !== 'response' && key !== 'action') {
        return this.#bad(
          text,
          s,
          out,
          'malformed_frame',
          'malformed frame: no Event, Response or Action header',
        );
      }
      kind = key;
      firstKey = text.slice(s, colon);
      name = text.slice(colon + 1, le).trim();
      if (kind === 'event' && this.#accept !== undefined && !this.passAll && !this.#accept(name))
        return this.#skip(text, s);
    }
    // Validate every line: bounded size and header count, every line a `key: value` pair. In
    // eager mode the same pass splits the pairs, so a consumer that reads every event pays one scan.
    const pairs = this.#eager ? [firstKey, name] : undefined;
    // Known header sequence of this event name: matching keys are reused, not sliced again.
    const keys = pairs !== undefined ? shapeKeys(name) : undefined;
    const limit = s + this.#maxFrame;
    let count = 1;
    let ls = le + 2;
    for (;;) {
      const next = text.indexOf('\r\n', ls);
      if (next === ls) break;
      if (next > limit && Buffer.byteLength(text.slice(s, next)) > this.#maxFrame)
        return this.#tooLarge(text, s, out);
      const known = keys?.[count];
      const reuse =
        known !== undefined && text.charCodeAt(ls + known.length) === 58 && text.startsWith(known, ls);
      const colon = reuse ? ls + (known as string).length : text.indexOf(':', ls);
      if (colon === -1 || colon > next)
        return this.#bad(text, s, out, 'malformed_frame', 'malformed frame: a line without ":"');
      if (++count > this.#maxHeaders) {
        return this.#bad(
          text,
          s,
          out,
          'too_many_headers',
          `frame has more than maxHeaders (${this.#maxHeaders}) headers`,
        );
      }
      if (pairs !== undefined) {
        const vs = text.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
        pairs.push(reuse ? (known as string) : text.slice(ls, colon), vs > next ? '' : text.slice(vs, next));
      }
      ls = next + 2;
    }
    const e = ls - 2;
    if (
      e - s > this.#maxFrame ||
      ((e - s) * 3 > this.#maxFrame && Buffer.byteLength(text.slice(s, e)) > this.#maxFrame)
    ) {
      return this.#tooLarge(text, s, out);
    }
    if (kind === 'event') this.stats.events++;
    else if (kind === 'response') this.stats.responses++;
    else this.stats.actions++;
    out.push(new AmiMessage(kind, name, text.slice(s, e), this.#source, undefined, pairs));
    return ls + 2;
  }

  #tooLarge(text: string, s: number, out: AmiParseResult[]): number {
    this.stats.oversized++;
    return this.#bad(
      text,
      s,
      out,
      'frame_too_large',
      `frame exceeds maxFrameBytes (${this.#maxFrame})`,
      false,
    );
  }

  #skip(text: string, s: number): number {
    this.stats.filtered++;
    return text.indexOf('\r\n\r\n', s) + 4;
  }

  // Reports the frame at `s` as a typed error (its text kept as the excerpt) and skips it.
  #bad(
    text: string,
    s: number,
    out: AmiParseResult[],
    code: AmiErrorCode,
    message: string,
    malformed = true,
  ): number {
    const e = text.indexOf('\r\n\r\n', s);
    const frame = text.slice(s, e);
    const bytes = Buffer.byteLength(frame) + 4;
    if (malformed) this.stats.malformed++;
    this.stats.skippedBytes += bytes;
    out.push(new AmiProtocolError(message, code, frame, bytes));
    return e + 4;
  }

  // Asterisk 13 `Response: Follows`: headers, then LF-separated CLI text (may hold blank lines),
  // then `--END COMMAND--` (research ami.md §4.3). Headers stay pairs; the text becomes `body`.
  #follows(text: string, s: number, endAt: number, out: AmiParseResult[]): void {
    const raw = text.slice(s, endAt + END_COMMAND.length);
    const pairs: string[] = ['Response', 'Follows'];
    let ls = s + FOLLOWS.length;
    // Header lines end in CRLF and contain ": "; the body starts at the first line that does not.
    for (;;) {
      const le = text.indexOf('\r\n', ls);
      const lf = text.indexOf('\n', ls);
      if (le === -1 || le >= endAt || lf < le) break;
      const colon = text.indexOf(': ', ls);
      if (colon === -1 || colon > le) break;
      pairs.push(text.slice(ls, colon), text.slice(colon + 2, le));
      ls = le + 2;
    }
    let bodyText = text.slice(ls, endAt);
    if (bodyText.endsWith('\n')) bodyText = bodyText.slice(0, -1);
    const body =
      bodyText === '' ? [] : bodyText.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    this.stats.responses++;
    out.push(new AmiMessage('response', 'Follows', raw, this.#source, body, pairs));
  }

  /** Change the `source` tag stamped on later messages. */
  setSource(source: string): void {
    this.#source = source;
  }
}

const EVENT_BYTES = Buffer.from('Event: ');
const FOLLOWS_BYTES = Buffer.from(FOLLOWS);

function matchesAt(data: Buffer, pos: number, what: Buffer): boolean {
  if (pos + what.length > data.length) return false;
  for (let i = 0; i < what.length; i++) if (data[pos + i] !== what[i]) return false;
  return true;
}

function isEventLine(data: Buffer, pos: number): boolean {
  return matchesAt(data, pos, EVENT_BYTES);
}

function findEndCommand(text: string, from: number): number {
  let i = text.indexOf(END_COMMAND, from);
  while (i !== -1) {
    if (text.startsWith('\r\n\r\n', i + END_COMMAND.length)) return i;
    i = text.indexOf(END_COMMAND, i + 1);
  }
  return -1;
}

function notAmi(line: string): AmiProtocolError {
  return new AmiProtocolError(
    'peer did not greet with "Asterisk Call Manager/…": not an AMI server?',
    'not_ami',
    line,
  );
}

function newStats(): AmiParserStats {
  return {
    bytes: 0,
    events: 0,
    responses: 0,
    actions: 0,
    filtered: 0,
    oversized: 0,
    malformed: 0,
    skippedBytes: 0,
  };
}

/**
 * Peek the event name of one frame without parsing it (`Event: Name\r\n…`); `undefined` for
 * responses and anything else.
 */
export function peekEventName(frame: string | Uint8Array): string | undefined {
  const text =
    typeof frame === 'string' ? frame : Buffer.from(frame).toString('utf8', 0, Math.min(frame.length, 256));
  if (!text.startsWith('Event: ')) return undefined;
  const le = text.indexOf('\r\n');
  return le === -1 ? text.slice(7) : text.slice(7, le);
}
