import { apiSuite } from './api-suite.js';
import { startTestServer } from './helpers.js';

apiSuite('API on PGlite', async () => ({ server: await startTestServer() }));
