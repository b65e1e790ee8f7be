import { apiSuite } from './api-suite.js';
import { startTestServer, throwawayDatabase } from './helpers.js';

apiSuite('API on PostgreSQL', async () => {
  const db = await throwawayDatabase();
  const server = await startTestServer({ DATABASE_URL: db.url });
  return { server, cleanup: db.drop };
});
