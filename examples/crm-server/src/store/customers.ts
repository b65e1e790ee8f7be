import { randomUUID } from 'node:crypto';
import { normalizePhone } from '@pbxkit/caller-lookup';
import type { Customer } from '../api-types.js';
import { badRequest, notFound } from '../errors.js';
import type { Db } from './db.js';

export type { Customer } from '../api-types.js';

/** Fields a client may set. */
export interface CustomerInput {
  name?: string | undefined;
  company?: string | null | undefined;
  email?: string | null | undefined;
  phones?: string[] | undefined;
  waIds?: string[] | undefined;
}

interface Row {
  id: string;
  name: string;
  company: string | null;
  email: string | null;
  phones: string[] | string;
  wa_ids: string[] | string;
  created_at: Date | string;
  updated_at: Date | string;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const toCustomer = (r: Row): Customer => ({
  id: r.id,
  name: r.name,
  ...(r.company ? { company: r.company } : {}),
  ...(r.email ? { email: r.email } : {}),
  phones: json(r.phones),
  waIds: json(r.wa_ids),
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string'))
      return v as [string, string];
  } catch {}
  throw badRequest('cursor is not a cursor of this list');
}

/**
 * The customers table. Every change is reported to `onChange` (the composition root feeds comms-log's
 * handles, which relinks past entries, and caller-lookup's phone book).
 */
export class CustomerRepository {
  constructor(
    readonly db: Db,
    readonly defaultRegion: string,
  ) {}

  /** Normalises phone numbers to E.164; a number that is not a dialable phone number is a 400. */
  normalizePhones(phones: readonly string[]): string[] {
    const out = new Set<string>();
    for (const raw of phones) {
      const n = normalizePhone(raw, { defaultRegion: this.defaultRegion });
      if (n.kind !== 'e164' || !n.e164)
        throw badRequest(`"${raw}" is not a valid phone number`, { phone: raw });
      out.add(n.e164);
    }
    return [...out];
  }

  normalizeWaIds(ids: readonly string[]): string[] {
    const out = new Set<string>();
    for (const raw of ids) {
      const digits = raw.replace(/[\s+\-()]/g, '');
      if (!/^\d{6,15}$/.test(digits)) throw badRequest(`"${raw}" is not a WhatsApp id (digits only)`);
      out.add(digits);
    }
    return [...out];
  }

  async get(id: string): Promise<Customer | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM crm_customers WHERE id = $1', [id]);
    return rows[0] && toCustomer(rows[0]);
  }

  async require(id: string): Promise<Customer> {
    const c = await this.get(id);
    if (!c) throw notFound(`customer ${id}`);
    return c;
  }

  /** Every customer (feeds the phone book at start-up). */
  async all(): Promise<Customer[]> {
    const { rows } = await this.db.query<Row>('SELECT * FROM crm_customers ORDER BY id');
    return rows.map(toCustomer);
  }

  /** Name order, keyset pages; `q` searches name, company, e-mail and phone digits. */
  async list(options: { q?: string | undefined; cursor?: string | undefined; limit: number }) {
    const params: unknown[] = [];
    const where: string[] = [];
    if (options.q) {
      params.push(`%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const digits = options.q.replace(/\D/g, '');
      let phoneMatch = '';
      if (digits.length >= 3) {
        params.push(`%${digits}%`);
        phoneMatch = ` OR phones::text LIKE $${params.length} OR wa_ids::text LIKE $${params.length}`;
      }
      where.push(`(name ILIKE $1 OR company ILIKE $1 OR email ILIKE $1${phoneMatch})`);
    }
    if (options.cursor) {
      const [name, id] = decodeCursor(options.cursor);
      params.push(name, id);
      where.push(`(lower(name), id) > ($${params.length - 1}, $${params.length})`);
    }
    params.push(options.limit + 1);
    const { rows } = await this.db.query<Row>(
      `SELECT * FROM crm_customers ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY lower(name), id LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, options.limit).map(toCustomer);
    const last = items.at(-1);
    return {
      items,
      ...(rows.length > options.limit && last
        ? { nextCursor: encode([last.name.toLowerCase(), last.id]) }
        : {}),
    };
  }

  async create(input: CustomerInput & { name: string }, id: string = randomUUID()): Promise<Customer> {
    const phones = this.normalizePhones(input.phones ?? []);
    const waIds = this.normalizeWaIds(input.waIds ?? []);
    const { rows } = await this.db.query<Row>(
      `INSERT INTO crm_customers (id, name, company, email, phones, wa_ids) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO NOTHING RETURNING *`,
      [
        id,
        input.name,
        input.company ?? null,
        input.email ?? null,
        JSON.stringify(phones),
        JSON.stringify(waIds),
      ],
    );
    if (!rows[0]) return this.require(id);
    return toCustomer(rows[0]);
  }

  async update(id: string, patch: CustomerInput): Promise<Customer> {
    const current = await this.require(id);
    const phones = patch.phones ? this.normalizePhones(patch.phones) : current.phones;
    const waIds = patch.waIds ? this.normalizeWaIds(patch.waIds) : current.waIds;
    const { rows } = await this.db.query<Row>(
      `UPDATE crm_customers SET name = $2, company = $3, email = $4, phones = $5, wa_ids = $6, updated_at = now()
       WHERE id = $1 RETURNING *`,
      [
        id,
        patch.name ?? current.name,
        patch.company === undefined ? (current.company ?? null) : patch.company,
        patch.email === undefined ? (current.email ?? null) : patch.email,
        JSON.stringify(phones),
        JSON.stringify(waIds),
      ],
    );
    if (!rows[0]) throw notFound(`customer ${id}`);
    return toCustomer(rows[0]);
  }

  async remove(id: string): Promise<void> {
    await this.db.query('DELETE FROM crm_customers WHERE id = $1', [id]);
  }

  /** Names of these customers (to label Inbox rows). */
  async names(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.db.query<{ id: string; name: string }>(
      'SELECT id, name FROM crm_customers WHERE id = ANY($1::text[])',
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
