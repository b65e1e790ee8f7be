import type { User } from '../auth.js';
import type { Db } from './db.js';

/** The users table: seeded from CRM_USERS (or the demo user) at start-up. */
export class UserRepository {
  constructor(readonly db: Db) {}

  async upsert(user: User & { passwordHash: string }): Promise<void> {
    await this.db.query(
      `INSERT INTO crm_users (username, name, extension, password_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (username) DO UPDATE SET name = $2, extension = $3, password_hash = $4, updated_at = now()`,
      [user.username, user.name, user.extension, user.passwordHash],
    );
  }

  async withPassword(username: string): Promise<(User & { passwordHash: string }) | undefined> {
    const { rows } = await this.db.query<{
      username: string;
      name: string;
      extension: string;
      password_hash: string;
    }>('SELECT * FROM crm_users WHERE username = $1', [username]);
    const r = rows[0];
    return r && { username: r.username, name: r.name, extension: r.extension, passwordHash: r.password_hash };
  }

  async get(username: string): Promise<User | undefined> {
    const u = await this.withPassword(username);
    return u && { username: u.username, name: u.name, extension: u.extension };
  }

  async byExtensions(extensions: readonly string[]): Promise<User[]> {
    if (extensions.length === 0) return [];
    const { rows } = await this.db.query<User>(
      'SELECT username, name, extension FROM crm_users WHERE extension = ANY($1::text[])',
      [extensions],
    );
    return rows;
  }
}
