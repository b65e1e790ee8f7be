/** `pnpm hash-password <password>` (or the password on stdin): prints the scrypt hash for CRM_USERS. */
import { hashPassword } from './auth.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

const password = process.argv[2] ?? (await readStdin());
if (!password) {
  console.error('usage: pnpm hash-password <password>   (or: echo <password> | pnpm hash-password)');
  process.exit(1);
}
console.log(hashPassword(password));
