/** `pnpm demo`: the server in demo mode (fakes, seeded data, live traffic) on a local PGlite in `.data/demo`. */
import { run } from './main.js';

run({ DEMO: '1', DATA_DIR: '.data/demo', LOG_LEVEL: 'warn', ...process.env }).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
