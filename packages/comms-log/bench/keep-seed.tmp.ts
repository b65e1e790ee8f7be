import pg from 'pg';
import { createPostgresStore } from '../src/postgres/index.js';
import { seed } from './seed.js';

const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await admin.connect();
await admin.query('DROP DATABASE IF EXISTS comms_log_bench_keep WITH (FORCE)');
await admin.query('CREATE DATABASE comms_log_bench_keep');
await admin.end();
const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/comms_log_bench_keep' });
const store = createPostgresStore({ db: pool });
await store.migrate();
await seed(pool, store.tables);
await pool.end();
