/** `pnpm hash-password <password>` (or on stdin): prints the scrypt hash for CRM_USERS. */
import { hashPassword } from './auth.js';

const fromArgs = process.argv[2];
const password = fromArgs ?? (await new Response(process.stdin as unknown as ReadableStream).text()).trim();
if (!password) {
  console.error('usage: pnpm hash-password <password>');
  process.exit(1);
}
console.log(hashPassword(password));
