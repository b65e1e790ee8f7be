import { defineConfig, type Options } from 'tsup';

/**
 * The one build recipe of every @pbxkit package: ESM + CJS, type declarations for both,
 * source maps, Node 22.19 as the floor. A package passes its entry points (always
 * `src/index.ts` and `src/testing/index.ts`, plus any extra sub-path it exports).
 */
export function createTsupConfig(entry: Record<string, string>, overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node22',
    platform: 'node',
    splitting: true,
    treeshake: true,
    outDir: 'dist',
    ...overrides,
  });
}
