import { PostgresCommsLogStore, type TableNames } from '@pbxkit/comms-log/postgres';

/**
 * Puts a migrated store's call statistics back as they were before migration 9: the quarter-hour table
 * dropped, migration 2's hourly table created and backfilled by migration 2's own statements.
 */
export async function restoreHourlyStats(
  db: { query(text: string): Promise<unknown> },
  t: TableNames,
): Promise<void> {
  await db.query(`DROP TABLE ${t.callStats}`);
  const hourly = PostgresCommsLogStore.migrations.find((m) => m.version === 2);
  for (const sql of hourly?.statements(t) ?? []) await db.query(sql);
}
