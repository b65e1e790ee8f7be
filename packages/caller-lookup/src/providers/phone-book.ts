import { readFile } from 'node:fs/promises';
import { CallerLookupConfigError, CallerLookupParseError } from '../errors.js';
import { createPhoneNormalizer, type NormalizePhoneOptions } from '../phone/normalize.js';
import type { NormalizedPhone, PhoneKind } from '../phone/types.js';
import type { CallerIdProvider, CallerMatch, ProviderChange } from '../types.js';
import { parseCsv } from './csv.js';
import type { PhoneBookEntry } from './phone-book-entry.js';
import { parseVcards } from './vcard.js';

/** Options of {@link createPhoneBook}. */
export interface PhoneBookOptions {
  /** Provider id. @defaultValue 'phone-book' */
  id?: string;
  /** How entry numbers are read (`defaultRegion` for national numbers in your data). */
  normalize?: NormalizePhoneOptions;
  /** Initial entries. */
  entries?: readonly PhoneBookEntry[];
  /**
   * When no exact key matches, match on this many trailing digits of the national number (OCA-style);
   * `0` turns suffix matching off. @defaultValue 0
   */
  lastDigits?: number;
  /** Kinds of number it answers. @defaultValue `['e164', 'extension']` */
  kinds?: readonly PhoneKind[];
}

/** Column mapping for {@link PhoneBook.loadCsv}; header names, matched case-insensitively. */
export interface PhoneBookCsvOptions {
  /** Id column; rows without one get `csv:<line>`. @defaultValue 'id' */
  id?: string;
  /** Name column; without it, `first name` + `last name` are joined. @defaultValue 'name' */
  name?: string;
  /** Company column. @defaultValue 'company' */
  company?: string;
  /** E-mail column. @defaultValue 'email' */
  email?: string;
  /** URL column. @defaultValue 'url' */
  url?: string;
  /** Tags column (split on `;` or `|`). @defaultValue 'tags' */
  tags?: string;
  /** Phone columns. @defaultValue every header containing phone, mobile, tel or cell */
  phones?: readonly string[];
  /** Field delimiter. @defaultValue ',' */
  delimiter?: string;
}

/** What {@link PhoneBook.upsert} did with numbers it could not read (they are not indexed). */
export interface PhoneBookRejection {
  /** Entry id. */
  readonly id: string;
  /** The number as given. */
  readonly phone: string;
  /** Why it is unusable (`invalid`, `anonymous`). */
  readonly reason: string;
}

/**
 * An in-memory phone book indexed by every strong key of every number (E.164, the country-quirk forms,
 * extension digits), with optional suffix matching. Upsert and remove are cheap (one normalisation per
 * number), so a CRM server can mirror its customers into it; the engine's cache is told what changed.
 */
export class PhoneBook implements CallerIdProvider {
  /** Provider id. */
  readonly id: string;
  /** Kinds of number it answers. */
  readonly kinds: readonly PhoneKind[];
  readonly #normalize: (raw: unknown) => NormalizedPhone;
  readonly #lastDigits: number;
  readonly #entries = new Map<string, { entry: PhoneBookEntry; keys: string[]; numbers: string[] }>();
  readonly #index = new Map<string, Set<string>>();
  readonly #listeners = new Set<(change: ProviderChange) => void>();

  /** @param options - See {@link PhoneBookOptions}. */
  constructor(options: PhoneBookOptions = {}) {
    this.id = options.id ?? 'phone-book';
    this.kinds = options.kinds ?? ['e164', 'extension'];
    this.#lastDigits = options.lastDigits ?? 0;
    if (!Number.isInteger(this.#lastDigits) || this.#lastDigits < 0 || this.#lastDigits > 15) {
      throw new CallerLookupConfigError('lastDigits must be an integer from 0 to 15');
    }
    this.#normalize = createPhoneNormalizer(options.normalize);
    if (options.entries) this.upsert(options.entries);
  }

  /** Number of entries. */
  get size(): number {
    return this.#entries.size;
  }

  /** The entry with this id. */
  get(id: string): PhoneBookEntry | undefined {
    return this.#entries.get(id)?.entry;
  }

  /** Add or replace entries (by id); returns the numbers that could not be read. */
  upsert(entries: PhoneBookEntry | readonly PhoneBookEntry[]): PhoneBookRejection[] {
    const list = Array.isArray(entries) ? entries : [entries as PhoneBookEntry];
    const rejected: PhoneBookRejection[] = [];
    const changed: string[] = [];
    for (const entry of list) {
      if (typeof entry?.id !== 'string' || !Array.isArray(entry.phones)) {
        throw new CallerLookupConfigError('a phone-book entry needs a string id and a phones array');
      }
      changed.push(...this.#unindex(entry.id));
      const keys: string[] = [];
      const numbers: string[] = [];
      for (const raw of entry.phones) {
        const phone = this.#normalize(raw);
        if (phone.kind === 'invalid' || phone.kind === 'anonymous') {
          rejected.push({ id: entry.id, phone: String(raw), reason: phone.reason ?? phone.kind });
          continue;
        }
        numbers.push(phone.e164 ?? phone.digits);
        for (const key of this.#keysOf(phone)) if (!keys.includes(key)) keys.push(key);
        // Suffix keys live in the same index under a prefix no exact key can have.
        const nn = phone.nationalNumber;
        if (this.#lastDigits > 0 && nn && nn.length >= this.#lastDigits)
          keys.push(`…${nn.slice(-this.#lastDigits)}`);
      }
      for (const key of keys) {
        const ids = this.#index.get(key);
        if (ids) ids.add(entry.id);
        else this.#index.set(key, new Set([entry.id]));
      }
      this.#entries.set(entry.id, { entry, keys, numbers });
      changed.push(...numbers);
    }
    this.#notify({ numbers: changed });
    return rejected;
  }

  /** Remove an entry; returns whether it existed. */
  remove(id: string): boolean {
    const numbers = this.#unindex(id);
    const existed = this.#entries.delete(id);
    if (existed) this.#notify({ numbers });
    return existed;
  }

  /** Remove every entry. */
  clear(): void {
    this.#entries.clear();
    this.#index.clear();
    this.#notify({ all: true });
  }

  /** Load entries from CSV text with a header row; returns the numbers that could not be read. */
  loadCsv(text: string, options: PhoneBookCsvOptions = {}): PhoneBookRejection[] {
    const [header, ...rows] = parseCsv(text, options.delimiter);
    if (!header) return [];
    const columns = header.map((h) => h.trim().toLowerCase());
    const col = (name: string | undefined) => (name === undefined ? -1 : columns.indexOf(name.toLowerCase()));
    const phoneCols = options.phones
      ? options.phones.map(col)
      : columns.flatMap((h, i) => (/phone|mobile|tel|cell/.test(h) ? [i] : []));
    if (phoneCols.length === 0 || phoneCols.includes(-1))
      throw new CallerLookupParseError('CSV has no phone column', 1);
    const at = (row: string[], i: number) => (i >= 0 ? row[i]?.trim() || undefined : undefined);
    const entries = rows.map((row, r) => {
      const entry: PhoneBookEntry = {
        id: at(row, col(options.id ?? 'id')) ?? `csv:${r + 2}`,
        phones: phoneCols.map((i) => at(row, i)).filter((p): p is string => p !== undefined),
      };
      const name =
        at(row, col(options.name ?? 'name')) ??
        ([at(row, col('first name')), at(row, col('last name'))].filter(Boolean).join(' ') || undefined);
      if (name) entry.name = name;
      for (const key of ['company', 'email', 'url'] as const) {
        const value = at(row, col(options[key] ?? key));
        if (value) entry[key] = value;
      }
      const tags = at(row, col(options.tags ?? 'tags'));
      if (tags)
        entry.tags = tags
          .split(/[;|]/)
          .map((t) => t.trim())
          .filter(Boolean);
      return entry;
    });
    return this.upsert(entries);
  }

  /** Load entries from vCard text; returns the numbers that could not be read. */
  loadVcard(text: string): PhoneBookRejection[] {
    return this.upsert(parseVcards(text));
  }

  /** Load a `.csv` or `.vcf` file (by extension). */
  async loadFile(path: string, options?: PhoneBookCsvOptions): Promise<PhoneBookRejection[]> {
    const text = await readFile(path, 'utf8');
    return /\.(vcf|vcard)$/i.test(path) ? this.loadVcard(text) : this.loadCsv(text, options);
  }

  /** Synchronous lookup: exact keys first, then (if enabled) trailing digits. */
  find(phone: NormalizedPhone): CallerMatch[] {
    for (const key of this.#keysOf(phone)) {
      const ids = this.#index.get(key);
      if (ids && ids.size > 0) return this.#matches(ids, key);
    }
    if (this.#lastDigits > 0 && phone.nationalNumber && phone.nationalNumber.length >= this.#lastDigits) {
      const suffix = phone.nationalNumber.slice(-this.#lastDigits);
      const ids = this.#index.get(`…${suffix}`);
      if (ids && ids.size > 0) return this.#matches(ids, `…${suffix}`);
    }
    return [];
  }

  /** Provider interface: {@link PhoneBook.find}. */
  async lookup(phone: NormalizedPhone): Promise<readonly CallerMatch[]> {
    return this.find(phone);
  }

  /** Register for changes (the engine invalidates its cache for changed numbers). */
  subscribe(listener: (change: ProviderChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #keysOf(phone: NormalizedPhone): string[] {
    if (phone.kind === 'e164') {
      // E.164 and the country-quirk forms are the strong keys; formatted and national forms are derived
      // from them for this region, and suffixes are too weak for an exact index.
      return phone.candidates
        .filter((c) => c.form === 'e164' || (c.form === 'variant' && c.key.startsWith('+')))
        .map((c) => c.key);
    }
    return phone.kind === 'extension' || phone.kind === 'shortcode' ? [`${phone.kind}:${phone.digits}`] : [];
  }

  #matches(ids: Set<string>, matchedKey: string): CallerMatch[] {
    const matches: CallerMatch[] = [];
    for (const id of ids) {
      const found = this.#entries.get(id);
      if (!found) continue;
      const { phones: _phones, id: contactId, ...rest } = found.entry;
      matches.push({ ...rest, contactId, matchedKey });
    }
    return matches;
  }

  #unindex(id: string): string[] {
    const existing = this.#entries.get(id);
    if (!existing) return [];
    for (const key of existing.keys) {
      const ids = this.#index.get(key);
      ids?.delete(id);
      if (ids?.size === 0) this.#index.delete(key);
    }
    return existing.numbers;
  }

  #notify(change: ProviderChange): void {
    if ('numbers' in change && change.numbers.length === 0) return;
    for (const listener of this.#listeners) listener(change);
  }
}

/**
 * Build an in-memory {@link PhoneBook} provider.
 *
 * @example
 * ```ts
 * const book = createPhoneBook({ normalize: { defaultRegion: 'GR' } });
 * book.upsert({ id: 'cust-42', name: 'Maria Papadopoulou', phones: ['697 401 5758'] });
 * await book.loadFile('./contacts.vcf');
 * ```
 */
export function createPhoneBook(options?: PhoneBookOptions): PhoneBook {
  return new PhoneBook(options);
}
