import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCallerLookup } from '../caller-lookup.js';
import { CallerLookupConfigError, CallerLookupParseError } from '../errors.js';
import { normalizePhone } from '../phone/normalize.js';
import { parseCsv } from './csv.js';
import { createPhoneBook } from './phone-book.js';
import { parseVcards } from './vcard.js';

const gr = { defaultRegion: 'GR' };

describe('PhoneBook', () => {
  it('finds an entry by any format of any of its numbers', () => {
    const book = createPhoneBook({ normalize: gr });
    book.upsert({ id: 'c1', name: 'Maria', company: 'Acme', phones: ['697 401 5758', '+30 210 123 4567'] });
    for (const raw of [
      '+306974015758',
      '00306974015758',
      '6974015758',
      '306974015758',
      '+30 (210) 1234567',
    ]) {
      expect(book.find(normalizePhone(raw, gr)), raw).toEqual([
        { name: 'Maria', company: 'Acme', contactId: 'c1', matchedKey: expect.stringMatching(/^\+30/) },
      ]);
    }
    expect(book.find(normalizePhone('+306974015759'))).toEqual([]);
  });

  it('matches Brazilian, Mexican and Argentinian quirk forms both ways', () => {
    const book = createPhoneBook({
      entries: [
        { id: 'br', phones: ['+55 11 98765-4321'] },
        { id: 'mx', phones: ['+52 1 55 1234 5678'] },
        { id: 'ar', phones: ['+54 11 1234-5678'] },
      ],
    });
    const ids = (raw: string) =>
      book.find(normalizePhone(raw, { international: true })).map((m) => m.contactId);
    expect(ids('551187654321')).toEqual(['br']);
    expect(ids('+525512345678')).toEqual(['mx']);
    expect(ids('5491112345678')).toEqual(['ar']);
  });

  it('upserts, replaces and removes cheaply, and tells the engine what changed', async () => {
    const book = createPhoneBook({ normalize: gr });
    const changes: unknown[] = [];
    book.subscribe((c) => changes.push(c));
    book.upsert({ id: 'c1', name: 'Old', phones: ['6974015758'] });
    book.upsert({ id: 'c1', name: 'New', phones: ['2101234567'] });
    expect(book.find(normalizePhone('6974015758', gr))).toEqual([]);
    expect(book.find(normalizePhone('2101234567', gr))[0]?.name).toBe('New');
    expect(book.remove('c1')).toBe(true);
    expect(book.remove('c1')).toBe(false);
    expect(book.size).toBe(0);
    expect(changes).toEqual([
      { numbers: ['+306974015758'] },
      { numbers: ['+306974015758', '+302101234567'] },
      { numbers: ['+302101234567'] },
    ]);
    book.upsert({ id: 'x', phones: ['201'] });
    book.clear();
    expect(changes.at(-1)).toEqual({ all: true });
  });

  it('keeps the engine cache right as customers change', async () => {
    const book = createPhoneBook({ normalize: gr });
    const lookup = createCallerLookup({ providers: [book], normalize: gr });
    expect((await lookup.lookup('6974015758')).status).toBe('miss');
    book.upsert({ id: 'c1', name: 'Maria', phones: ['+306974015758'] });
    expect((await lookup.lookup('6974015758')).match?.name).toBe('Maria');
    book.upsert({ id: 'c2', name: 'Nikos', phones: ['+306974015758'] });
    expect((await lookup.lookup('6974015758')).status).toBe('ambiguous');
    book.remove('c1');
    book.remove('c2');
    expect((await lookup.lookup('6974015758')).status).toBe('miss');
  });

  it('answers extensions and reports numbers it cannot read', () => {
    const book = createPhoneBook({ normalize: gr });
    const rejected = book.upsert({
      id: 'r',
      name: 'Reception',
      phones: ['201', 'not a number', 'anonymous'],
    });
    expect(rejected).toEqual([
      { id: 'r', phone: 'not a number', reason: 'bad-characters' },
      { id: 'r', phone: 'anonymous', reason: 'anonymous' },
    ]);
    expect(book.find(normalizePhone('201', gr))[0]?.name).toBe('Reception');
    expect(() => book.upsert({ id: 1 } as never)).toThrow(CallerLookupConfigError);
  });

  it('falls back to trailing-digit matching when asked to', () => {
    const book = createPhoneBook({
      normalize: gr,
      lastDigits: 8,
      entries: [{ id: 'c', phones: ['+30 697 401 5758'] }],
    });
    expect(book.find(normalizePhone('+30 21 7401 5758'))).toEqual([
      { contactId: 'c', matchedKey: '…74015758' },
    ]);
    expect(createPhoneBook().find(normalizePhone('+30 21 7401 5758'))).toEqual([]);
    expect(() => createPhoneBook({ lastDigits: 99 })).toThrow(CallerLookupConfigError);
  });

  it('loads CSV with quoting and detected phone columns', async () => {
    const book = createPhoneBook({ normalize: gr });
    const rejected = book.loadCsv(
      '\ufeffid,First Name,Last Name,Company,Mobile,Work Phone,Tags\r\n' +
        '7,Maria,Papadopoulou,"Acme, ""Greece""",697 401 5758,,vip;customer\r\n' +
        ',Nikos,,"Multi\nLine",210 123 4567,xx,\n',
    );
    expect(rejected).toEqual([{ id: 'csv:3', phone: 'xx', reason: 'bad-characters' }]);
    expect(book.get('7')).toEqual({
      id: '7',
      phones: ['697 401 5758'],
      name: 'Maria Papadopoulou',
      company: 'Acme, "Greece"',
      tags: ['vip', 'customer'],
    });
    expect(book.find(normalizePhone('+302101234567'))[0]).toMatchObject({
      name: 'Nikos',
      company: 'Multi\nLine',
    });
    expect(() => book.loadCsv('name\nfoo')).toThrow(CallerLookupParseError);
    expect(() => parseCsv('a,"b\n')).toThrow(/line 1/);
    expect(book.loadCsv('')).toEqual([]);
    expect(parseCsv('a;b\n1;2', ';')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('loads vCards (folded lines, escapes, tel: URIs) and files', async () => {
    const vcf = [
      'BEGIN:VCARD',
      'VERSION:4.0',
      'UID:urn:uuid:1',
      'FN:Zoë Ωμέγα',
      'ORG:Acme\\, Inc.;Sales',
      'TEL;TYPE=cell;VALUE=uri:tel:+30-697-401-5758',
      'item1.TEL:210 12',
      ' 3 4567',
      'EMAIL:zoe@example.com',
      'CATEGORIES:vip,friend',
      'END:VCARD',
      'BEGIN:VCARD',
      'N:Doe;John;;;',
      'TEL:+1 212 555 1234',
      'END:VCARD',
      'BEGIN:VCARD',
      'FN:No phone',
      'END:VCARD',
    ].join('\r\n');
    expect(parseVcards(vcf)).toEqual([
      {
        id: 'urn:uuid:1',
        phones: ['+30-697-401-5758', '210 123 4567'],
        name: 'Zoë Ωμέγα',
        company: 'Acme, Inc.',
        email: 'zoe@example.com',
        tags: ['vip', 'friend'],
      },
      { id: 'vcard:11', phones: ['+1 212 555 1234'], name: 'John Doe' },
    ]);
    expect(() => parseVcards('BEGIN:VCARD\nFN:x')).toThrow(CallerLookupParseError);
    expect(() => parseVcards('BEGIN:VCARD\nBEGIN:VCARD')).toThrow(/line 2/);

    const dir = await mkdtemp(join(tmpdir(), 'phone-book-'));
    await writeFile(join(dir, 'a.vcf'), vcf);
    await writeFile(join(dir, 'b.csv'), 'name,phone\nEleni,+30 231 012 3456\n');
    const book = createPhoneBook({ normalize: gr });
    await book.loadFile(join(dir, 'a.vcf'));
    await book.loadFile(join(dir, 'b.csv'));
    expect(book.size).toBe(3);
    expect((await book.lookup(normalizePhone('2101234567', gr)))[0]?.name).toBe('Zoë Ωμέγα');
  });
});
