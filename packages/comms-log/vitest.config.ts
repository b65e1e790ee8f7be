import { createVitestProject } from '../../vitest.shared.js';

export default createVitestProject(import.meta.url, {
  // A throwaway PostgreSQL database per run (unique name, dropped at the end): see test/global-setup.ts.
  globalSetup: ['./test/global-setup.ts'],
  // PGlite compiles its WebAssembly on start-up, which takes seconds on a busy machine.
  testTimeout: 60_000,
  hookTimeout: 120_000,
});
