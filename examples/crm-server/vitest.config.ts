import { createVitestProject } from '../../vitest.shared.js';

export default createVitestProject(import.meta.url, {
  testTimeout: 30_000,
  hookTimeout: 60_000,
});
