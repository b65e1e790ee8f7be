import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it, vi } from 'vitest';

// The README's quick start is run as written (octokit's habit): if it rots, this fails.
const readme = fileURLToPath(new URL('../README.md', import.meta.url));
const script = fileURLToPath(new URL(`./.readme-quick-start-${process.pid}.ts`, import.meta.url));

afterEach(async () => {
  await rm(script, { force: true });
  vi.restoreAllMocks();
});

it('runs the README quick start and prints what it says', async () => {
  const text = await readFile(readme, 'utf8');
  const code = /## Quick start\s+```ts\n([\s\S]*?)```/.exec(text)?.[1];
  expect(code).toBeDefined();
  await writeFile(script, code as string);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await import(/* @vite-ignore */ script);
  expect(log.mock.calls[0]).toEqual(['hit', 'Maria Papadopoulou']);
  expect(log.mock.calls[1]).toEqual([['phone-book: miss', 'crm: hit']]);
});
