import { hashPassword } from '../auth.js';
import type { CustomerService } from '../customers.js';
import type { UserRepository } from '../store/users.js';

/** The demo login printed at start-up. */
export const DEMO_USER = { username: 'demo', password: 'demo', name: 'Demo Agent', extension: '101' };

/** Demo customers (fixed ids, so restarts do not duplicate them). */
export const DEMO_CUSTOMERS = [
  {
    id: 'demo-maria',
    name: 'Maria Papadopoulou',
    company: 'Aegean Freight',
    email: 'maria@aegean.example',
    phones: ['+306974015758'],
    waIds: ['306974015758'],
  },
  {
    id: 'demo-sheena',
    name: 'Sheena Nelson',
    company: 'Globex',
    email: 'sheena@globex.example',
    phones: ['+16505551234'],
    waIds: ['16505551234'],
  },
  {
    id: 'demo-giorgos',
    name: 'Giorgos Ioannou',
    company: 'Ioannou Bakery',
    phones: ['+302101234567'],
    waIds: [],
  },
  { id: 'demo-oliver', name: 'Oliver Smith', company: 'Smith & Sons', phones: ['+447700900123'], waIds: [] },
] as const;

/** Seeds the demo users (ext 101 for the login, 102/103 as colleagues) and customers. */
export async function seedDemo(users: UserRepository, customers: CustomerService): Promise<void> {
  await users.upsert({ ...DEMO_USER, passwordHash: hashPassword(DEMO_USER.password) });
  await users.upsert({
    username: 'nikos',
    name: 'Nikos',
    extension: '102',
    passwordHash: hashPassword('nikos-demo'),
  });
  for (const { id, ...c } of DEMO_CUSTOMERS) {
    // Idempotent: an existing row is kept as the user left it (and re-synced to comms-log and the phone book).
    await customers.create({ ...c, phones: [...c.phones], waIds: [...c.waIds] }, id);
  }
}
