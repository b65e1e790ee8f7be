import { followUpStepsFunctionSql } from './follow-ups.js';

/** The quoted, schema-qualified table names of one store. */
export interface TableNames {
  /** The schema, quoted. */
  schema: string;
  /** Entries. */
  entries: string;
  /** The handle index. */
  handles: string;
  /** Missed-call follow-ups. */
  followUps: string;
  /** Applied migrations. */
  migrations: string;
  /** Call statistics per UTC quarter hour (migration 9), kept in step with entries. */
  callStats: string;
  /** Migration 2's hourly call statistics, which migration 9 replaced with {@link TableNames.callStats}. */
  callStatsHourly: string;
  /**
   * The Inbox text keys function (migration 4): the trigrams of body, name and number and the UTC day and
   * month keys of a time as one array, which a GIN index over
   * `textKeys(body, counterpart_name, phone, occurred_at)` serves.
   */
  textKeys: string;
  /**
   * The handle owners function (migration 5): the owners of handles, read under the shared matching lock in
   * a snapshot taken after it (see `settleMatchesSql`).
   */
  handleOwners: string;
  /**
   * The follow-up steps function (migration 11): applies new calls' follow-up steps under their numbers'
   * advisory locks, in a snapshot taken after them (see `followUpStepsSql`).
   */
  followUpSteps: string;
  /** The bare prefix (for index and constraint names). */
  prefix: string;
}

/** Table names for a schema and prefix (both validated as plain lower-case identifiers). */
export function tableNames(schema: string, prefix: string): TableNames {
  const q = (name: string) => `"${schema}"."${prefix}${name}"`;
  return {
    schema: `"${schema}"`,
    entries: q('entries'),
    handles: q('handles'),
    followUps: q('follow_ups'),
    migrations: q('migrations'),
    callStats: q('call_stats_15m'),
    callStatsHourly: q('call_stats_hourly'),
    textKeys: q('text_keys'),
    handleOwners: q('handle_owners'),
    followUpSteps: q('follow_up_steps'),
    prefix,
  };
}

/** One schema change, applied once, in order, under an advisory lock. */
export interface Migration {
  /** Its version (1, 2, …). */
  version: number;
  /** A short name. */
  name: string;
  /** Its statements (run in one transaction). */
  statements: (t: TableNames) => string[];
}

/**
 * The schema, versioned. Each index serves a query: the Inbox order, a timeline, the channel / match /
 * extension filters, relinking by handle, follow-up lookups, and statistics (the partial hours at the ends of a
 * range; migration 9's quarter-hour table has the rest).
 * Never edit a shipped migration: add the next one.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'entries, handles, follow-ups',
    statements: (t) => {
      const i = (name: string) => `"${t.prefix}${name}"`;
      return [
        `CREATE TABLE ${t.entries} (
          id uuid PRIMARY KEY,
          source text NOT NULL,
          external_id text NOT NULL,
          channel text NOT NULL,
          direction text NOT NULL,
          occurred_at timestamptz NOT NULL,
          status text NOT NULL,
          match text NOT NULL,
          customer_id text,
          candidates text[] NOT NULL DEFAULT '{}',
          pinned boolean NOT NULL DEFAULT false,
          phone text,
          wa_id text,
          bsuid text,
          email text,
          counterpart_name text,
          extension text,
          ring_seconds double precision,
          talk_seconds double precision,
          body text,
          error_code text,
          error_message text,
          data jsonb NOT NULL DEFAULT '{}',
          created_by text,
          created_at timestamptz NOT NULL,
          updated_at timestamptz NOT NULL,
          version integer NOT NULL,
          CONSTRAINT ${i('entries_source_external_id_key')} UNIQUE (source, external_id)
        )`,
        `CREATE INDEX ${i('entries_inbox')} ON ${t.entries} (occurred_at DESC, id DESC)`,
        `CREATE INDEX ${i('entries_customer')} ON ${t.entries} (customer_id, occurred_at DESC, id DESC) WHERE customer_id IS NOT NULL`,
        `CREATE INDEX ${i('entries_channel')} ON ${t.entries} (channel, occurred_at DESC, id DESC)`,
        `CREATE INDEX ${i('entries_match')} ON ${t.entries} (match, occurred_at DESC, id DESC)`,
        `CREATE INDEX ${i('entries_extension')} ON ${t.entries} (extension, occurred_at DESC, id DESC) WHERE extension IS NOT NULL`,
        `CREATE INDEX ${i('entries_phone')} ON ${t.entries} (phone, occurred_at) WHERE phone IS NOT NULL`,
        `CREATE INDEX ${i('entries_wa_id')} ON ${t.entries} (wa_id) WHERE wa_id IS NOT NULL`,
        `CREATE INDEX ${i('entries_bsuid')} ON ${t.entries} (bsuid) WHERE bsuid IS NOT NULL`,
        `CREATE INDEX ${i('entries_email')} ON ${t.entries} (email) WHERE email IS NOT NULL`,
        `CREATE INDEX ${i('entries_call_stats')} ON ${t.entries} (occurred_at)
          INCLUDE (direction, status, extension, ring_seconds, talk_seconds) WHERE channel = 'call'`,
        `CREATE TABLE ${t.handles} (
          kind text NOT NULL,
          value text NOT NULL,
          customer_id text NOT NULL,
          PRIMARY KEY (kind, value, customer_id)
        )`,
        `CREATE INDEX ${i('handles_customer')} ON ${t.handles} (customer_id)`,
        `CREATE TABLE ${t.followUps} (
          id uuid PRIMARY KEY,
          phone text NOT NULL,
          customer_id text,
          state text NOT NULL,
          entry_ids uuid[] NOT NULL,
          first_missed_at timestamptz NOT NULL,
          last_missed_at timestamptz NOT NULL,
          closed_at timestamptz,
          closed_reason text,
          closed_by_entry_id uuid,
          closed_by text
        )`,
        // At most one open follow-up per caller, enforced by the database, not by a lock.
        `CREATE UNIQUE INDEX ${i('follow_ups_open_phone')} ON ${t.followUps} (phone) WHERE state = 'open'`,
        `CREATE INDEX ${i('follow_ups_list')} ON ${t.followUps} (state, last_missed_at DESC, id DESC)`,
        `CREATE INDEX ${i('follow_ups_customer')} ON ${t.followUps} (customer_id, last_missed_at DESC, id DESC) WHERE customer_id IS NOT NULL`,
      ];
    },
  },
  {
    version: 2,
    name: 'hourly call statistics',
    statements: (t) => [
      statsTableSql(t.callStatsHourly, 'hour'),
      // Backfill from the entries already there.
      statsBackfillSql(t, t.callStatsHourly, 'hour', `date_trunc('hour', occurred_at, 'UTC')`),
    ],
  },
  {
    version: 3,
    name: 'trigram index for Inbox text search',
    // The Inbox `text` filter is a substring match (ILIKE '%…%') over body, name and number: a b-tree cannot
    // serve it, a trigram GIN index can (PostgreSQL docs F.35 pg_trgm, "Index Support"). pg_trgm ships with
    // PostgreSQL's contrib and is a trusted extension (a database owner may create it); where it cannot be
    // created (no contrib package, PGlite without the extension loaded, no privilege) the migration still
    // applies and text search scans, as before. A database-wide advisory lock keeps concurrent stores of
    // several schemas from racing on CREATE EXTENSION.
    statements: (t) => [
      `PERFORM pg_advisory_xact_lock(hashtext('pbxkit.comms-log:pg_trgm'))`,
      `BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'pbxkit comms-log: pg_trgm unavailable (%): Inbox text search will scan', SQLERRM;
    END`,
      withTrgm(`EXECUTE format('CREATE INDEX "${t.prefix}entries_text" ON ${t.entries} USING gin
          (body %1$I.gin_trgm_ops, counterpart_name %1$I.gin_trgm_ops, phone %1$I.gin_trgm_ops)', trgm);`),
    ],
  },
  {
    version: 4,
    name: 'Inbox text keys: trigrams and time buckets as one array the text search can pick from',
    // Migration 3's index answers `ILIKE` with every trigram of the pattern. A trigram found in most rows
    // ("cal" of every "Caller …", "ord" of every order message) costs a walk over a posting list of most of the
    // table, so a pattern made of common trigrams took 10–40 ms on 1M entries even when it matched 5 rows.
    // This index holds the same trigrams (pg_trgm's `show_trgm`, so the same words, case folding and locale)
    // as a plain array, plus the row's UTC hour, day and month as keys ('@h<hours since 1970>', '@d<days…>',
    // '@m<months…>'), so the store asks only for a pattern's rarest trigrams (`keys @> '{…}'`), picked by the
    // frequencies ANALYZE keeps for the index expression, within the hours, days or months of a time window
    // (`keys && '{@h…}'`), all in one index scan, and rechecks the pattern itself (text-plan.ts). The
    // function's high COST keeps the planner from computing it per row. Without pg_trgm nothing is created
    // and text search scans, as before.
    statements: (t) => [
      withTrgm(`EXECUTE format($f$CREATE FUNCTION ${t.textKeys}(body text, name text, phone text, at timestamptz)
          RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 10000 SET search_path = %1$I AS
          'SELECT coalesce(show_trgm(body), ''{}'') || coalesce(show_trgm(name), ''{}'')
             || coalesce(show_trgm(phone), ''{}'')
             || CASE WHEN at IS NULL THEN ''{}''::text[] ELSE ARRAY[
                  ''@h'' || floor(extract(epoch FROM at) / 3600)::int,
                  ''@d'' || floor(extract(epoch FROM at) / 86400)::int,
                  ''@m'' || ((extract(year FROM at AT TIME ZONE ''UTC'') - 1970) * 12
                              + extract(month FROM at AT TIME ZONE ''UTC'') - 1)::int] END'$f$,
          trgm);
        DROP INDEX IF EXISTS ${t.schema}."${t.prefix}entries_text";
        CREATE INDEX "${t.prefix}entries_text_keys" ON ${t.entries}
          USING gin (${t.textKeys}(body, counterpart_name, phone, occurred_at));
        ANALYZE ${t.entries};`),
    ],
  },
  {
    version: 5,
    name: 'handle owners read under the matching lock',
    // `record()` matches a new entry inside its one insert statement. A customer gaining that handle at the
    // same moment could commit after the statement's snapshot and run its relink scan before the insert
    // commits: the entry would stay unmatched, so every new unmatched entry used to be looked up again after
    // its commit (one more round trip per batch). Instead, the statement reads the owners through this
    // function, which first takes a shared advisory lock and then reads in a fresh snapshot (a VOLATILE
    // function's queries do, in READ COMMITTED), and a relink takes the lock exclusively before it scans:
    // a handle change is either seen by the insert or the insert is committed before the relink's scan.
    statements: (t) => [
      `CREATE FUNCTION ${t.handleOwners}(lock_name text, kinds text[], vals text[])
        RETURNS TABLE (o_kind text, o_value text, o_customer text) LANGUAGE plpgsql VOLATILE AS $f$
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(hashtext(lock_name));
        RETURN QUERY SELECT h.kind, h.value, h.customer_id FROM ${t.handles} h
          JOIN unnest(kinds, vals) AS w(k, v) ON h.kind = w.k AND h.value = w.v;
      END
      $f$`,
    ],
  },
  {
    version: 6,
    name: 'Inbox text keys: a PL/pgSQL keys function and a short pending list',
    // Two costs of migration 4's index, measured on 1M entries (BENCHMARKS.md):
    // - A LANGUAGE sql function that cannot be inlined (it had SET search_path) is parsed and planned again in
    //   every statement that evaluates it, so every insert paid for it once more: a PL/pgSQL function keeps
    //   its compiled form for the session. The same expressions give the same keys, so the index stays.
    //   Names outside pg_catalog are schema-qualified instead of SET search_path, which would cost a
    //   configuration save and restore per row.
    // - GIN's fast update appends new rows' keys to a pending list that every search reads in full until it
    //   is merged; at the default 4 MB that was 450 pages, about 5 ms of each text search. 256 kB bounds
    //   that to 32 pages, with more frequent, smaller merges on the write side.
    statements: (t) => [
      withTrgm(`EXECUTE format($f$CREATE OR REPLACE FUNCTION ${t.textKeys}(body text, name text, phone text, at timestamptz)
          RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 10000 AS $b$
          BEGIN
            RETURN coalesce(%1$I.show_trgm(body), '{}') || coalesce(%1$I.show_trgm(name), '{}')
              || coalesce(%1$I.show_trgm(phone), '{}')
              || CASE WHEN at IS NULL THEN '{}'::text[] ELSE ARRAY[
                   '@h' || pg_catalog.floor(extract(epoch FROM at) / 3600)::int,
                   '@d' || pg_catalog.floor(extract(epoch FROM at) / 86400)::int,
                   '@m' || ((extract(year FROM at AT TIME ZONE 'UTC') - 1970) * 12
                            + extract(month FROM at AT TIME ZONE 'UTC') - 1)::int] END;
          END $b$$f$, trgm);
        ALTER INDEX ${t.schema}."${t.prefix}entries_text_keys" SET (gin_pending_list_limit = 256);`),
    ],
  },
  {
    version: 7,
    name: 'handle owners read through a generic plan',
    // Migration 5's function runs one query, which PL/pgSQL prepares once per session. PostgreSQL's plan
    // cache then weighs the generic plan (an unnest of arrays of unknown length, estimated at 100 rows)
    // against custom plans that see the arrays (one or two handles) and, finding the custom plans cheaper,
    // planned the query again on every call, that is once per insert statement: 7.5 % of the database's CPU
    // in the record() path (perf, 8 writers), and half the cost of a call (pgbench, one client: 4,300–5,200
    // calls/s, 7,400–7,700 with the generic plan). The generic plan is the same index lookup per handle.
    statements: (t) => [
      `ALTER FUNCTION ${t.handleOwners}(text, text[], text[]) SET plan_cache_mode = force_generic_plan`,
    ],
  },
  {
    version: 8,
    name: 'status updates without index writes: no status in any index, room on each page',
    // A status update (a message sent → delivered → read, a call ringing → answered → ended) changes status,
    // data, updated_at and version. PostgreSQL can then write the new row version beside the old one on its
    // page without touching any index (a heap-only tuple, HOT) only if none of the changed columns is in an
    // index and the page has room. Migration 1's statistics index carried status (and the ring and talk
    // times) as INCLUDE columns, and pages were filled to the brim, so every update wrote a new entry into
    // every index the row is in: 6 to 10 b-trees and some 40 keys into the text index. The statistics read
    // those columns only for the partial hours at the ends of a range (the hourly table has the rest, since
    // migration 2), a few thousand rows at most, which the index now finds in the table. Pages are filled to
    // 90 % from now on (rows already written keep their pages), which leaves room for the updates that follow
    // an insert. The index is rebuilt beside the old one (0.8 s on 3.6M entries; writes wait meanwhile, reads
    // only for the drop and rename at the end, which take no time).
    statements: (t) => [
      `CREATE INDEX "${t.prefix}entries_call_stats_new" ON ${t.entries} (occurred_at) WHERE channel = 'call'`,
      `DROP INDEX ${t.schema}."${t.prefix}entries_call_stats"`,
      `ALTER INDEX ${t.schema}."${t.prefix}entries_call_stats_new" RENAME TO "${t.prefix}entries_call_stats"`,
      `ALTER TABLE ${t.entries} SET (fillfactor = 90)`,
    ],
  },
  {
    version: 9,
    name: 'call statistics per quarter hour',
    // Statistics are asked for in the caller's time zone. A UTC hour lies inside one local hour only where
    // the zone's offset is a whole number of hours, so for Asia/Kolkata (+5:30), America/St_Johns (-3:30) or
    // Asia/Kathmandu (+5:45) migration 2's hourly sums could not be used and a month was summed from the
    // entries: 0.6–0.8 s for a month of 600,000 calls, over the 0.5 s goal (0.8–1.0 s once migration 8 took
    // the statistics columns out of the index). Every zone's offset is a whole number of quarter hours, so
    // sums per UTC quarter hour serve every zone: a month reads some 150,000 rows, about 0.1 s in any zone.
    // Same columns; the bucket is the quarter hour's start. Writes wait while the backfill runs (2.2 s on
    // 3.6M entries), so no call committed meanwhile is left out of it. Instances of an earlier version write
    // to the hourly table, which is gone: upgrade them together.
    statements: (t) => [
      `LOCK TABLE ${t.entries} IN SHARE MODE`,
      statsTableSql(t.callStats, 'bucket'),
      rebuildCallStatsSql(t),
      `DROP TABLE ${t.callStatsHourly}`,
    ],
  },
  {
    version: 10,
    name: 'Inbox text keys: a 1 MB pending list',
    // Migration 6 cut the GIN pending list to 256 kB, so that a text search, which reads all of it, stays
    // short. A writer whose insert overflows the list merges it into the index before its commit returns, and
    // the callers batched with it wait for that merge. At 256 kB that happened every ~270 new messages, and
    // the merges took a sixth of the database's CPU in record() (perf). At 1 MB each merge folds four times
    // the rows into one pass over the keys they share. bench/pending-list.ts (1M entries, 8 writers each
    // awaiting one record() of a new message, the sizes interleaved): 1 MB ahead of 256 kB in all seven
    // rounds of two runs, by 3–26 %; 512 kB and 2 MB did less well than 1 MB (a larger list makes each merge
    // stall its batch longer). A full list adds up to 3 ms to a text page at p50 and
    // 4.7 ms at p95 (11.7 ms at most, against a goal of 15 ms; the bench measures both, BENCHMARKS.md).
    // Only the storage parameter changes: nothing is rebuilt. The change takes the index's exclusive lock, so
    // reads and writes of the entries wait for the moment it takes (milliseconds), not longer.
    statements: (t) => [
      `ALTER INDEX IF EXISTS ${t.schema}."${t.prefix}entries_text_keys" SET (gin_pending_list_limit = 1024)`,
    ],
  },
  {
    version: 11,
    name: "follow-up steps in a snapshot taken after their numbers' locks",
    // An insert statement applies its new calls' follow-up steps after taking each number's advisory lock
    // (two statements crossing on two numbers queue instead of deadlocking). But it read in the snapshot it
    // took when it started, before it waited for a lock: a miss and a later answered call of one number,
    // committing at the same moment, each missed the other's commit, and the miss's follow-up stayed open
    // (the close found no open follow-up to close; the open saw no answered call after the miss). The
    // statement now applies its steps through this function, which takes the locks and then reads and writes
    // in a fresh snapshot (a VOLATILE function's queries do, in READ COMMITTED), as migration 5's function
    // does for matching. Whichever statement takes a number's lock second sees what the first one committed.
    // It is created from the follow-up SQL of this release (`followUpStepsFunctionSql`); a change to that SQL
    // needs a migration that replaces the function. Nothing is rebuilt; instances of an earlier release keep
    // their own statements.
    statements: (t) => [followUpStepsFunctionSql(t)],
  },
];

/**
 * A PL/pgSQL block that runs `body` only where the pg_trgm extension is installed, with the extension's
 * schema in the variable `trgm` (migrations 3 and 4; without pg_trgm, text search scans).
 */
function withTrgm(body: string): string {
  return `DECLARE trgm text;
    BEGIN
      SELECT n.nspname INTO trgm FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
        WHERE x.extname = 'pg_trgm';
      IF trgm IS NOT NULL THEN
        ${body}
      END IF;
    END`;
}

/** Length of a statistics bucket (migration 9): every zone's UTC offset is a whole number of them. */
export const STATS_BUCKET_MS = 15 * 60_000;

/** The start of the statistics bucket (UTC quarter hour) of a timestamptz expression. */
export function statsBucketExpr(at: string): string {
  return `to_timestamp(floor(extract(epoch FROM ${at}) / ${STATS_BUCKET_MS / 1000}) * ${STATS_BUCKET_MS / 1000})`;
}

/** Recomputes the quarter-hour statistics from the entries (backfill, repair). */
export function rebuildCallStatsSql(t: TableNames): string {
  return statsBackfillSql(t, t.callStats, 'bucket', statsBucketExpr('occurred_at'));
}

/** A statistics table: the sums of {@link CALL_SUM_COLUMNS} per bucket (its start, in `column`) and extension. */
function statsTableSql(table: string, column: string): string {
  return `CREATE TABLE ${table} (
    ${column} timestamptz NOT NULL,
    extension text NOT NULL,
    ${CALL_SUM_COLUMNS.map((c) => `${c} double precision NOT NULL DEFAULT 0`).join(',\n    ')},
    PRIMARY KEY (${column}, extension)
  )`;
}

/** Sums the counting calls of the entries into `table`, per bucket (`bucket`, an expression of occurred_at). */
function statsBackfillSql(t: TableNames, table: string, column: string, bucket: string): string {
  return `INSERT INTO ${table} (${column}, extension, ${CALL_SUM_COLUMNS.join(', ')})
       SELECT ${bucket}, coalesce(extension, ''),
         ${CALL_SUM_COLUMNS.map((c) => `sum(${callSumExpr(c, '')})`).join(', ')}
       FROM ${t.entries} WHERE ${callCountsExpr('')} GROUP BY 1, 2`;
}

/** The columns of the statistics table, in `CallSums` order. */
export const CALL_SUM_COLUMNS = [
  'offered',
  'answered',
  'answered_ring_seconds',
  'missed_ring_seconds',
  'talk_seconds',
  'outbound',
  'outbound_answered',
  'outbound_talk_seconds',
] as const;

/** Whether a row (columns prefixed by `p`) counts in call statistics: an ended inbound or outbound call. */
export function callCountsExpr(p: string): string {
  return `(${p}channel = 'call' AND ${p}direction IN ('inbound', 'outbound') AND ${p}status NOT IN ('ringing', 'ongoing'))`;
}

/** What a counting row (columns prefixed by `p`) adds to one statistics column (the rules of callContribution). */
export function callSumExpr(column: (typeof CALL_SUM_COLUMNS)[number], p: string): string {
  const inbound = `${p}direction = 'inbound'`;
  const outbound = `${p}direction = 'outbound'`;
  const ok = `${p}status = 'answered'`;
  const when = (cond: string, value: string) => `CASE WHEN ${cond} THEN ${value} ELSE 0 END`;
  switch (column) {
    case 'offered':
      return when(inbound, '1');
    case 'answered':
      return when(`${inbound} AND ${ok}`, '1');
    case 'answered_ring_seconds':
      return when(`${inbound} AND ${ok}`, `coalesce(${p}ring_seconds, 0)`);
    case 'missed_ring_seconds':
      return when(`${inbound} AND NOT ${ok}`, `coalesce(${p}ring_seconds, 0)`);
    case 'talk_seconds':
      return when(`${inbound} AND ${ok}`, `coalesce(${p}talk_seconds, 0)`);
    case 'outbound':
      return when(outbound, '1');
    case 'outbound_answered':
      return when(`${outbound} AND ${ok}`, '1');
    case 'outbound_talk_seconds':
      return when(`${outbound} AND ${ok}`, `coalesce(${p}talk_seconds, 0)`);
  }
}

/**
 * One migration as a single `DO` block: a single statement is atomic and runs through any driver (a pool
 * would hand `BEGIN` and `COMMIT` to different connections), and the transaction-scoped advisory lock lets
 * several server instances start at once without racing.
 */
export function migrationSql(t: TableNames, m: Migration, lockKey: string, runId: string): string {
  return `DO $pbxkit$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('${lockKey}'));
  CREATE SCHEMA IF NOT EXISTS ${t.schema};
  CREATE TABLE IF NOT EXISTS ${t.migrations} (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by text);
  IF NOT EXISTS (SELECT 1 FROM ${t.migrations} WHERE version = ${m.version}) THEN
    ${m.statements(t).join(';\n    ')};
    INSERT INTO ${t.migrations} (version, name, applied_by)
      VALUES (${m.version}, '${m.name.replaceAll("'", "''")}', '${runId}');
  END IF;
END
$pbxkit$`;
}
