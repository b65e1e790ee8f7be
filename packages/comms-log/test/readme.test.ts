import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it, vi } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(root, 'test', '.readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('the README quick start runs as written', async () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const code = /## Quick start\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code).toBeDefined();
  const file = join(dir, 'quick-start.ts');
  writeFileSync(
    file,
    (code as string)
      .replace("'@pbxkit/comms-log/memory'", `'${join(root, 'src/memory/index.ts')}'`)
      .replace("'@pbxkit/comms-log'", `'${join(root, 'src/index.ts')}'`),
  );
  const logs: unknown[][] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args) => void logs.push(args));
  try {
    await import(file);
  } finally {
    spy.mockRestore();
  }
  expect(logs).toEqual([
    ['new', 'whatsapp', 'unmatched', undefined],
    ['handles', 1, 'entries relinked'],
    [1, 'cust-42', undefined],
  ]);
});
