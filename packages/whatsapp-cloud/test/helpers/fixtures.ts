import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = (sub: string) => fileURLToPath(new URL(`../fixtures/${sub}/`, import.meta.url));

/** Names of every webhook fixture (without `.json`). */
export const webhookFixtureNames = readdirSync(dir('webhooks'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();

/** A parsed fixture. */
export function fixture<T = Record<string, unknown>>(sub: 'webhooks' | 'send' | 'errors', name: string): T {
  return JSON.parse(readFileSync(`${dir(sub)}${name}.json`, 'utf8')) as T;
}
