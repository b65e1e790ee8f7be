import { AmiProtocolError } from '../errors.js';
import { AmiMessage } from './message.js';

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
   * Return false to drop the event. Responses are never filtered.
   */
  acceptEvent?: (name: string) => boolean;
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
  /** The AMI version announced by the greeting line, once seen. */
  amiVersion: string | undefined;
  readonly #maxFrame: number;
  readonly #maxHeaders: number;
  readonly #expectBanner: boolean;
  readonly #accept: ((name: string) => boolean) | undefined;
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
    let chunk = Buffer.isBuffer(input)
      ? input
      : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    this.stats.bytes += chunk.length;
    const out: AmiParseResult[] = [];
    if (this.#discarding) {
      const rest = this.#skipToBoundary(chunk);
      if (rest === undefined) return out;
      chunk = rest;
    }
    if (this.#bannerDue) {
      const rest = this.#banner(chunk, out);
      if (rest === undefined) return out;
      chunk = rest;
    }
    // `cut` may be -1..-3 when the separator straddles the pending bytes and this chunk.
    let cut: number | undefined = chunk.lastIndexOf(SEP);
    if (cut === -1) cut = this.#pendingLen > 0 ? this.#boundarySep(chunk) : undefined;
    if (cut === undefined) {
      this.#hold(chunk, out);
      return out;
    }
    const data = this.#pendingLen > 0 ? Buffer.concat([...this.#pending, chunk]) : chunk;
    const end = this.#pendingLen + cut + 4;
    this.#pending = [];
    this.#pendingLen = 0;
    const text = data.toString('utf8', 0, end);
    const leftover = this.#frames(text, out);
    const rest = data.subarray(end);
    if (leftover !== undefined) {
      const back = Buffer.from(leftover, 'utf8');
      this.#pending = rest.length > 0 ? [back, rest] : [back];
      this.#pendingLen = back.length + rest.length;
      if (this.#pendingLen > this.#maxFrame) this.#overflow(out);
    } else if (rest.length > 0) {
      this.#hold(rest, out);
    }
    return out;
  }

  // A separator straddling the previous pending bytes and this chunk: its start offset relative to
  // the chunk (negative), or undefined.
  #boundarySep(chunk: Buffer): number | undefined {
    // The last three pending bytes may span several tiny parts.
    const bytes: number[] = [];
    for (let p = this.#pending.length - 1; p >= 0 && bytes.length < 3; p--) {
      const part = this.#pending[p] as Buffer;
      for (let j = part.length - 1; j >= 0 && bytes.length < 3; j--) bytes.unshift(part[j] as number);
    }
    const head = Buffer.from(bytes);
    const probe = Buffer.concat([head, chunk.subarray(0, 3)]);
    const i = probe.indexOf(SEP);
    return i === -1 ? undefined : i - head.length;
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
  #frames(text: string, out: AmiParseResult[]): string | undefined {
    const n = text.length;
    let pos = 0;
    while (pos < n) {
      // Tolerate stray blank lines between frames.
      while (pos < n && text.charCodeAt(pos) === 13 && text.charCodeAt(pos + 1) === 10) pos += 2;
      if (pos >= n) break;
      if (text.startsWith(FOLLOWS, pos)) {
        const endAt = findEndCommand(text, pos);
        if (endAt === -1) return text.slice(pos);
        this.#follows(text, pos, endAt, out);
        pos = text.indexOf('\r\n\r\n', endAt) + 4;
        continue;
      }
      const sep = text.indexOf('\r\n\r\n', pos);
      this.#frame(text, pos, sep, out);
      pos = sep + 4;
    }
    return undefined;
  }

  #frame(text: string, s: number, e: number, out: AmiParseResult[]): void {
    if (
      e - s > this.#maxFrame ||
      ((e - s) * 3 > this.#maxFrame && Buffer.byteLength(text.slice(s, e)) > this.#maxFrame)
    ) {
      this.stats.oversized++;
      this.stats.skippedBytes += Buffer.byteLength(text.slice(s, e)) + 4;
      out.push(
        new AmiProtocolError(
          `frame exceeds maxFrameBytes (${this.#maxFrame})`,
          'frame_too_large',
          text.slice(s, Math.min(e, s + 512)),
          Buffer.byteLength(text.slice(s, e)) + 4,
        ),
      );
      return;
    }
    let le = text.indexOf('\r\n', s);
    if (le === -1 || le > e) le = e;
    let kind: 'event' | 'response' | 'action';
    let name: string;
    if (text.startsWith('Event: ', s)) {
      kind = 'event';
      name = text.slice(s + 7, le);
      // The cheap peek: a filtered event costs one slice and one predicate call.
      if (this.#accept !== undefined && !this.#accept(name)) {
        this.stats.filtered++;
        return;
      }
    } else if (text.startsWith('Response: ', s)) {
      kind = 'response';
      name = text.slice(s + 10, le);
    } else {
      const colon = text.indexOf(':', s);
      const key = colon === -1 || colon > le ? '' : text.slice(s, colon).toLowerCase();
      if (key !== 'event' && key !== 'response' && key !== 'action') {
        this.#malformed(text, s, e, out, 'no Event, Response or Action header');
        return;
      }
      kind = key;
      name = text.slice(colon + 1, le).trim();
      if (kind === 'event' && this.#accept !== undefined && !this.#accept(name)) {
        this.stats.filtered++;
        return;
      }
    }
    // Validate every line: bounded header count, every line a `key: value` pair.
    let count = 1;
    let ls = le + 2;
    while (ls < e) {
      let next = text.indexOf('\r\n', ls);
      if (next === -1 || next > e) next = e;
      const colon = text.indexOf(':', ls);
      if (colon === -1 || colon > next) {
        this.#malformed(text, s, e, out, 'a line without ":"');
        return;
      }
      if (++count > this.#maxHeaders) {
        this.stats.malformed++;
        this.stats.skippedBytes += Buffer.byteLength(text.slice(s, e)) + 4;
        out.push(
          new AmiProtocolError(
            `frame has more than maxHeaders (${this.#maxHeaders}) headers`,
            'too_many_headers',
            text.slice(s, Math.min(e, s + 512)),
            Buffer.byteLength(text.slice(s, e)) + 4,
          ),
        );
        return;
      }
      ls = next + 2;
    }
    if (kind === 'event') this.stats.events++;
    else if (kind === 'response') this.stats.responses++;
    else this.stats.actions++;
    out.push(new AmiMessage(kind, name, text.slice(s, e), this.#source));
  }

  #malformed(text: string, s: number, e: number, out: AmiParseResult[], why: string): void {
    const frame = text.slice(s, e);
    this.stats.malformed++;
    this.stats.skippedBytes += Buffer.byteLength(frame) + 4;
    out.push(
      new AmiProtocolError(`malformed frame: ${why}`, 'malformed_frame', frame, Buffer.byteLength(frame) + 4),
    );
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
