import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { env } from "@/env";
import { metrics } from "../observability/metrics";
import * as schema from "./schema";

export type Schema = typeof schema;
/** Both drivers expose the same query builder; code above this file never knows which one it has. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface DbHandle {
  db: Db;
  driver: "pglite" | "postgres";
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /**
   * Runs `work` unless another process sharing the database is running work of the same name right now (then
   * nothing, and undefined): a sweep every process schedules runs in one of them at a time.
   */
  exclusively<T>(name: string, work: () => Promise<T>): Promise<T | undefined>;
  close(): Promise<void>;
  /** PGlite only: the whole database as a tarball, loadable as `snapshot`. */
  dump?(): Promise<Blob | File>;
}

const migrationsFolder = path.join(process.cwd(), "drizzle");

/**
 * PostgreSQL when a URL is given; otherwise PGlite in `dataDir`, or in memory when there is none (tests, which start
 * from `snapshot`, a migrated PGlite dump, because a fresh initdb costs seconds).
 */
export function createDbHandle(options: { databaseUrl?: string; dataDir?: string; poolSize?: number; snapshot?: Blob }): DbHandle {
  if (options.databaseUrl) {
    const poolSize = options.poolSize ?? 10;
    const sql = postgres(options.databaseUrl, { max: poolSize, onnotice: () => {} });
    metrics().dbPoolSize.set(poolSize);
    const db = drizzlePostgres({ client: preparingStatements(sql), schema }) as unknown as Db;
    return {
      db,
      driver: "postgres",
      migrate: () => migrateOnce(options.databaseUrl!),
      ping: async () => void (await sql`select 1`),
      async exclusively(name, work) {
        // A session lock, on a connection kept for it, so the work itself may use the pool and its own transactions.
        const connection = await sql.reserve();
        try {
          const [row] = await connection`select pg_try_advisory_lock(hashtext(${name})) as locked`;
          if (!row?.locked) return undefined;
          try {
            return await work();
          } finally {
            await connection`select pg_advisory_unlock(hashtext(${name}))`;
          }
        } finally {
          connection.release();
        }
      },
      close: () => sql.end({ timeout: 5 }),
    };
  }
  const dir = options.dataDir && path.join(options.dataDir, "pglite");
  // PGlite creates only the last folder of its path.
  if (dir) mkdirSync(dir, { recursive: true });
  // pg_trgm: search matches parts of words and file names (PostgreSQL ships it; PGlite loads it as an extension).
  const extensions = { pg_trgm };
  const client = dir ? new PGlite(dir, { extensions }) : new PGlite({ loadDataDir: options.snapshot, extensions });
  const query = client.query.bind(client);
  client.query = (async (...args: Parameters<typeof query>) => {
    const done = queryStarted();
    try {
      return await query(...args);
    } finally {
      done();
    }
  }) as typeof client.query;
  metrics().dbPoolSize.set(1);
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    ping: async () => void (await client.query("select 1")),
    // One process has the folder: nobody else can be running it.
    exclusively: (_name, work) => work(),
    close: () => client.close(),
    dump: () => client.dumpDataDir("none"),
  };
}

/** Any number will do, as long as every process of every version takes the same one. */
const MIGRATION_LOCK = 72_610_224;

/**
 * Migrations, one process at a time: several starting together (a rolling deploy, `--scale app=3`) would otherwise
 * each apply the same migration, and all but one fail. The lock is PostgreSQL's, held by a connection of its own for
 * as long as the migrations take; the next process finds them applied.
 */
async function migrateOnce(databaseUrl: string) {
  const connection = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await connection`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres({ client: connection }), { migrationsFolder });
    await connection`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await connection.end({ timeout: 5 });
  }
}

/** Counts a statement in flight and starts its clock; the function returned stops both. */
function queryStarted() {
  const { dbQuerySeconds, dbQueriesInFlight } = metrics();
  const end = dbQuerySeconds.startTimer();
  dbQueriesInFlight.inc();
  return () => {
    end();
    dbQueriesInFlight.dec();
  };
}

/**
 * A statement timed into /metrics from when it runs to its last row. postgres.js runs a query when it is first
 * awaited (drizzle may still ask for its rows as arrays before that), so the clock starts in `then`, not here.
 */
function timedWhenRun<Query extends PromiseLike<unknown>>(query: Query): Query {
  const then = query.then.bind(query);
  let started = false;
  return Object.assign(query, {
    then(onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) {
      if (started) return then(onFulfilled, onRejected);
      started = true;
      const done = queryStarted();
      return then(
        (value) => (done(), onFulfilled ? onFulfilled(value) : value),
        (reason) => {
          done();
          if (onRejected) return onRejected(reason);
          throw reason;
        },
      );
    },
  });
}

/** Above this many parameters a statement is most likely one of a kind (a bulk insert): not worth keeping. */
const MOST_PARAMETERS_PREPARED = 64;

/**
 * drizzle hands postgres.js every unnamed query as "do not prepare", and for such a query with parameters postgres.js
 * first asks the server for their types: two round trips, and a fresh parse and plan, per query. The app's statements
 * come from a fixed set of texts, so each is prepared once per connection instead (postgres.js's own default), which
 * halved the time of a history page. Transactions and savepoints get a client that does the same.
 */
function preparingStatements<Client extends postgres.Sql>(client: Client): Client {
  type Callback = (inner: postgres.Sql) => unknown;
  const wrapping = (open: (...args: unknown[]) => unknown) => (...args: unknown[]) => {
    const callback = args.pop() as Callback;
    return open(...args, (inner: postgres.Sql) => callback(preparingStatements(inner)));
  };
  return new Proxy(client, {
    get(target, key) {
      if (key === "unsafe") {
        return (query: string, parameters?: postgres.ParameterOrJSON<never>[], queryOptions?: postgres.UnsafeQueryOptions) =>
          timedWhenRun(target.unsafe(query, parameters, { ...queryOptions, prepare: (parameters?.length ?? 0) <= MOST_PARAMETERS_PREPARED }));
      }
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== "function") return value;
      return key === "begin" || key === "savepoint" ? wrapping(value.bind(target)) : value.bind(target);
    },
  });
}

// Next's route handlers and server components load their own copy of this module; the handle lives on globalThis
// so the whole process shares one client (PGlite above all: two instances on one folder corrupt it).
const globalKey = Symbol.for("confab.db");
type GlobalWithDb = typeof globalThis & { [globalKey]?: DbHandle };

export function dbHandle(): DbHandle {
  const g = globalThis as GlobalWithDb;
  g[globalKey] ??= createDbHandle({ databaseUrl: env().DATABASE_URL, dataDir: env().dataDir, poolSize: env().DATABASE_POOL_SIZE });
  return g[globalKey];
}

export function db(): Db {
  return dbHandle().db;
}

/** Tests install their own handle (a migrated PGlite or a fresh PostgreSQL database). */
export function setDbHandle(handle: DbHandle | undefined): void {
  (globalThis as GlobalWithDb)[globalKey] = handle;
}
