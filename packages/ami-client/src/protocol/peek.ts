const EVENT_BYTES = Buffer.from('Event: ');

/** True when `data` holds `what` at `pos`. */
export function matchesAt(data: Buffer, pos: number, what: Buffer): boolean {
  if (pos + what.length > data.length) return false;
  for (let i = 0; i < what.length; i++) if (data[pos + i] !== what[i]) return false;
  return true;
}

/** True when an `Event: ` line starts at `pos`. */
export function isEventLine(data: Buffer, pos: number): boolean {
  return matchesAt(data, pos, EVENT_BYTES);
}

/**
 * Cache of name-filter decisions keyed by the name's bytes (bucketed by a hash the caller computes
 * while scanning), so a dropped event costs no decode, no allocation and no predicate call.
 * Bounded: at most 4,096 names are remembered; others are decided afresh.
 */
export class NameDecisions {
  readonly #map = new Map<number, Array<{ name: Buffer; ok: boolean }>>();
  #count = 0;

  /** Decide for the name in `data[from, to)` (ASCII), asking `accept` the first time. */
  decide(data: Buffer, from: number, to: number, hash: number, accept: (name: string) => boolean): boolean {
    const len = to - from;
    let bucket = this.#map.get(hash);
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
    if (this.#count < 4096) {
      this.#count++;
      if (bucket === undefined) {
        bucket = [];
        this.#map.set(hash, bucket);
      }
      bucket.push({ name: Buffer.from(data.subarray(from, to)), ok });
    }
    return ok;
  }
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
