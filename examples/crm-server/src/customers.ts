import type { PhoneBook } from '@pbxkit/caller-lookup';
import type { CommsLog, Handle } from '@pbxkit/comms-log';
import { badRequest } from './errors.js';
import type { Customer, CustomerInput, CustomerRepository } from './store/customers.js';

/** A customer's comms-log handles: phones, WhatsApp ids (and the phone form of each), e-mail. */
export function handlesOf(c: Customer): Handle[] {
  const handles: Handle[] = c.phones.map((value) => ({ kind: 'phone', value }));
  for (const waId of c.waIds) handles.push({ kind: 'waId', value: waId });
  if (c.email) handles.push({ kind: 'email', value: c.email.toLowerCase() });
  return handles;
}

/**
 * Customers as the rest of the server sees them: every write goes to the table, then to comms-log's
 * handles (which relinks past entries with those numbers) and to the caller-lookup phone book.
 */
export class CustomerService {
  constructor(
    readonly repo: CustomerRepository,
    readonly log: CommsLog,
    readonly phoneBook: PhoneBook,
    /** Told after every change (cluster mode relays it so other instances refresh their phone books). */
    readonly onChange: (ids: string[]) => void = () => {},
  ) {}

  /** Re-reads customers into the phone book (a change made on another instance). */
  async refresh(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const c = await this.repo.get(id);
      if (c) this.#book(c);
      else this.phoneBook.remove(id);
    }
  }

  /** Loads every customer into the phone book (start-up). */
  async loadPhoneBook(): Promise<number> {
    const all = await this.repo.all();
    for (const c of all) this.#book(c);
    return all.length;
  }

  #book(c: Customer): void {
    this.phoneBook.upsert({
      id: c.id,
      name: c.name,
      phones: [...c.phones, ...c.waIds.map((w) => `+${w}`)],
      ...(c.company ? { company: c.company } : {}),
      ...(c.email ? { email: c.email } : {}),
    });
  }

  async #sync(c: Customer): Promise<Customer> {
    this.#book(c);
    await this.log.setCustomerHandles(c.id, handlesOf(c));
    this.onChange([c.id]);
    return c;
  }

  async create(input: CustomerInput & { name: string }, id?: string): Promise<Customer> {
    return this.#sync(await this.repo.create(input, id));
  }

  async update(id: string, patch: CustomerInput): Promise<Customer> {
    return this.#sync(await this.repo.update(id, patch));
  }

  async addPhone(id: string, phone: string): Promise<Customer> {
    const current = await this.repo.require(id);
    return this.update(id, { phones: [...current.phones, phone] });
  }

  /** Moves `fromId`'s numbers and comms into `intoId`, then deletes `fromId`. */
  async merge(intoId: string, fromId: string): Promise<Customer> {
    if (intoId === fromId) throw badRequest('a customer cannot be merged into itself');
    const into = await this.repo.require(intoId);
    const from = await this.repo.require(fromId);
    await this.log.mergeCustomers(fromId, intoId);
    const merged = await this.repo.update(intoId, {
      phones: [...into.phones, ...from.phones],
      waIds: [...into.waIds, ...from.waIds],
      company: into.company ?? from.company ?? null,
      email: into.email ?? from.email ?? null,
    });
    await this.repo.remove(fromId);
    this.phoneBook.remove(fromId);
    this.onChange([fromId]);
    return this.#sync(merged);
  }
}
