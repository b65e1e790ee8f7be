/**
 * A forgiving JSON reader for what Yeastar really sends (research §1.11, fixtures README):
 * S-Series format 1.0.0 reports repeat the `"ext"` key (`JSON.parse` keeps only the last one and silently
 * loses a party), the S v2 CallFailed report and the P-Series success example carry trailing commas.
 * Repeated keys become an array of every value, in order; trailing commas are skipped. Anything else that
 * is not JSON throws a `SyntaxError` with the offset.
 */
export function parseTolerantJson(text: string): unknown {
  const reader = new Reader(text);
  reader.ws();
  const value = reader.value();
  reader.ws();
  if (reader.pos < text.length) reader.fail('unexpected trailing data');
  return value;
}

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  fail(what: string): never {
    throw new SyntaxError(`Invalid JSON at offset ${this.pos}: ${what}`);
  }

  ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      // space, tab, LF, CR, and a BOM some HTTP stacks leave at the start
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) this.pos++;
      else break;
    }
  }

  value(): unknown {
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === 't') return this.literal('true', true);
    if (c === 'f') return this.literal('false', false);
    if (c === 'n') return this.literal('null', null);
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    return this.fail(c === undefined ? 'unexpected end of input' : `unexpected ${JSON.stringify(c)}`);
  }

  literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`expected ${word}`);
    this.pos += word.length;
    return value;
  }

  number(): number {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(
      this.text.slice(this.pos, this.pos + 64),
    );
    if (!match) return this.fail('bad number');
    this.pos += match[0].length;
    return Number(match[0]);
  }

  string(): string {
    // Fast path: find the closing quote; fall back to JSON.parse for escapes (exact JSON semantics).
    const start = this.pos;
    let i = start + 1;
    let escaped = false;
    const t = this.text;
    for (; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 92) {
        escaped = true;
        i++;
      } else if (c === 34) break;
    }
    if (i >= t.length) this.fail('unterminated string');
    this.pos = i + 1;
    const raw = t.slice(start, i + 1);
    if (!escaped) return raw.slice(1, -1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      this.pos = start;
      return this.fail('bad string escape');
    }
  }

  array(): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.ws();
    while (this.text[this.pos] !== ']') {
      out.push(this.value());
      this.ws();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.ws();
      } else if (this.text[this.pos] !== ']') this.fail('expected , or ]');
    }
    this.pos++;
    return out;
  }

  object(): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    const repeated = new Set<string>();
    this.ws();
    while (this.text[this.pos] !== '}') {
      if (this.text[this.pos] !== '"') this.fail('expected a key');
      const key = this.string();
      this.ws();
      if (this.text[this.pos] !== ':') this.fail('expected :');
      this.pos++;
      this.ws();
      const value = this.value();
      if (key === '__proto__') {
        // Never let a payload touch the prototype chain.
      } else if (Object.hasOwn(out, key)) {
        if (!repeated.has(key)) {
          out[key] = [out[key]];
          repeated.add(key);
        }
        (out[key] as unknown[]).push(value);
      } else out[key] = value;
      this.ws();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.ws();
      } else if (this.text[this.pos] !== '}') this.fail('expected , or }');
    }
    this.pos++;
    return out;
  }
}

/**
 * `JSON.parse` first (native, fast), the tolerant reader only for what it rejects: P-Series payloads never
 * repeat keys, but documented examples carry trailing commas. Throws `SyntaxError` when neither reads it.
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return parseTolerantJson(text);
  }
}
