import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the copied shared fixtures (packages/yeastar-client/test/fixtures). */
export const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Reads a fixture as text, e.g. `p-series/event.30008.extension_call_status.ringing.json`. */
export function fixture(path: string): string {
  return readFileSync(join(fixturesDir, path), 'utf8');
}

/** Lists fixture payload files (not `.source.txt`) of a folder, sorted. */
export function fixtureFiles(dir: string): string[] {
  return readdirSync(join(fixturesDir, dir), { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.source.txt'))
    .map((e) => `${dir}/${e.name}`)
    .sort();
}
