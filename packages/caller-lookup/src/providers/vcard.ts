import { CallerLookupParseError } from '../errors.js';
import type { PhoneBookEntry } from './phone-book-entry.js';

// RFC 6350 §3.4: backslash escapes in text values.
function unescapeText(value: string): string {
  return value.replace(/\\([\\,;nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/**
 * Parse vCard 3.0/4.0 text (RFC 6350; folded lines, escapes, `TEL` as text or `tel:` URI) into
 * phone-book entries. Cards without a `TEL` are skipped.
 */
export function parseVcards(text: string): PhoneBookEntry[] {
  // Unfold: a line break followed by a space or tab continues the previous line (RFC 6350 §3.2).
  const lines = text
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n');
  const entries: PhoneBookEntry[] = [];
  let card: { phones: string[]; fields: Map<string, string>; start: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? '';
    if (line === '') continue;
    const upper = line.toUpperCase();
    if (upper === 'BEGIN:VCARD') {
      if (card) throw new CallerLookupParseError('BEGIN:VCARD inside a card', i + 1);
      card = { phones: [], fields: new Map(), start: i + 1 };
      continue;
    }
    if (!card) continue;
    if (upper === 'END:VCARD') {
      if (card.phones.length > 0) entries.push(toEntry(card.fields, card.phones, card.start));
      card = undefined;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    // Property names may carry a group prefix (`item1.TEL`) and parameters (`TEL;TYPE=cell`).
    const head = line.slice(0, colon);
    const name = (head.split(';')[0] ?? '').replace(/^.*\./, '').toUpperCase();
    const value = line.slice(colon + 1);
    if (name === 'TEL') card.phones.push(value.replace(/^tel:/i, ''));
    else if (!card.fields.has(name)) card.fields.set(name, value);
  }
  if (card) throw new CallerLookupParseError('Missing END:VCARD', card.start);
  return entries;
}

function toEntry(fields: Map<string, string>, phones: string[], line: number): PhoneBookEntry {
  const n = fields.get('N')?.split(';').map(unescapeText);
  const fn = fields.get('FN');
  const name = fn !== undefined ? unescapeText(fn) : n ? [n[1], n[0]].filter(Boolean).join(' ') : undefined;
  const entry: PhoneBookEntry = { id: fields.get('UID') ?? `vcard:${line}`, phones };
  if (name) entry.name = name;
  const org = fields.get('ORG');
  if (org) entry.company = unescapeText(org.split(';')[0] ?? '');
  const email = fields.get('EMAIL');
  if (email) entry.email = unescapeText(email);
  const url = fields.get('URL');
  if (url) entry.url = unescapeText(url);
  const categories = fields.get('CATEGORIES');
  if (categories) entry.tags = categories.split(/(?<!\\),/).map(unescapeText);
  return entry;
}
