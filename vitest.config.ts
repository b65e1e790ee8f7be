import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Every package and example is its own vitest project (see vitest.shared.ts), named after its folder:
    // `pnpm test --project ami-client` runs one.
    projects: ['packages/*', 'examples/*'],
    coverage: {
      provider: 'v8',
      include: ['**/src/**/*.{ts,tsx}'],
      exclude: ['**/*.test.ts', '**/*.test-d.ts', '**/*.d.ts', 'tools/**'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
    },
    exclude: [...configDefaults.exclude, '**/dist/**'],
  },
});
