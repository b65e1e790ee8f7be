import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test, vi } from 'vitest';
import { until } from './helpers.js';

const target = fileURLToPath(new URL('./readme-quickstart.generated.ts', import.meta.url));
afterEach(() => rmSync(target, { force: true }));

test('the README quick start runs as written', async () => {
  const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code).toContain('new YeastarPSeriesClient');
  writeFileSync(target, code ?? '');
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  try {
    await import(target);
    await until(() => lines.filter((l) => l.startsWith('ended:')).length === 2, 'two calls to end', 20_000);
  } finally {
    log.mockRestore();
  }
  expect(lines).toContain('screen pop for 1002: +306974015758 calling');
  expect(lines).toContainEqual(expect.stringMatching(/^dialled \d+\.\d+$/));
  expect(lines).toContain('ended: inbound answered from +306974015758, talked 1s');
  expect(lines).toContain('ended: outbound answered from 1001, talked 1s');
}, 30_000);
