import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Tests import workspace packages from source: `@pbxkit/x` → packages/x/src/index.ts,
 * `@pbxkit/x/testing` → packages/x/src/testing/index.ts, `@pbxkit/x/sub` → packages/x/src/sub/index.ts.
 * No build is needed to test, and a new package is picked up without editing anything here.
 */
export const workspaceAliases = [
  { find: /^@pbxkit\/([^/]+)\/testing$/, replacement: `${root}packages/$1/src/testing/index.ts` },
  { find: /^@pbxkit\/([^/]+)\/(.+)$/, replacement: `${root}packages/$1/src/$2/index.ts` },
  { find: /^@pbxkit\/([^/]+)$/, replacement: `${root}packages/$1/src/index.ts` },
];

/**
 * The vitest project of one package, named after its folder. Unit tests sit next to the
 * source (`src/**\/*.test.ts`), socket and service tests under `test/`. Benchmarks are never
 * collected. A package adds its own options (global setup, longer timeouts) through `extra`.
 */
export function createVitestProject(packageDir: string, extra: UserWorkspaceConfig['test'] = {}) {
  const dir = fileURLToPath(new URL('.', packageDir));
  return defineProject({
    resolve: { alias: workspaceAliases },
    test: {
      name: basename(dir),
      root: dir,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'] },
      // Timeouts guard against hangs; they must not assert speed. The machines are shared and noisy: under
      // coverage, with the other files' tests beside it, a property test that takes 1.3 s alone took 8.7 s and
      // failed vitest's default 5 s.
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...extra,
    },
  });
}
