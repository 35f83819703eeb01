import "./env";
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeEach, inject } from "vitest";
import { backgroundSettled } from "../../src/server/jobs/background";
import { createDbHandle, type DbHandle, setDbHandle } from "../../src/server/db/client";
import { setBus } from "../../src/server/events";
import { MemoryBus } from "../../src/server/events/bus";
import { RedisBus } from "../../src/server/events/redis-bus";
import { PresenceService, presence, setPresence } from "../../src/server/presence";
import { MemoryPresenceStore, RedisPresenceStore } from "../../src/server/presence/store";
import { Redis } from "ioredis";
import { adminUrl, databaseUrl } from "./postgres-urls";

async function openDatabase(): Promise<DbHandle> {
  if (process.env.CONFAB_TEST_DB !== "postgres") {
    return createDbHandle({ snapshot: new Blob([readFileSync(inject("pgliteSnapshot"))]) });
  }
  const base = process.env.DATABASE_URL!;
  const template = inject("postgresTemplate");
  const name = `${template}_w${process.env.VITEST_POOL_ID ?? "0"}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(adminUrl(base), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  await admin.end();
  return createDbHandle({ databaseUrl: databaseUrl(base, name), poolSize: 5 });
}

// Migrated once per test file; emptied before each test.
const handle = await openDatabase();
setDbHandle(handle);
const bus = process.env.CONFAB_TEST_DB === "postgres" && process.env.REDIS_URL ? new RedisBus(process.env.REDIS_URL) : new MemoryBus();
setBus(bus);
const presenceRedis = process.env.CONFAB_TEST_DB === "postgres" && process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : null;
const presenceStore = presenceRedis ? new RedisPresenceStore(presenceRedis, `${process.env.REDIS_KEY_PREFIX}:presence`) : new MemoryPresenceStore();
// Presence announcements settle quickly in tests; the service is replaced per file, like the bus.
setPresence(new PresenceService(presenceStore, 50, async () => void (await presenceRedis?.quit())));

const tables = await handle.db.execute<{ tablename: string }>(
  sql`select tablename from pg_tables where schemaname = 'public'`,
);
const tableNames = (Array.isArray(tables) ? tables : (tables as unknown as { rows: { tablename: string }[] }).rows).map(
  (row) => `"${row.tablename}"`,
);

// Link previews are fetched after a send returns; a test's leftovers finish before the tables are emptied.
beforeEach(async () => {
  await backgroundSettled();
  await handle.db.execute(sql.raw(`truncate ${tableNames.join(", ")} cascade`));
});

afterAll(async () => {
  await backgroundSettled();
  await presence().close();
  setPresence(undefined);
  setBus(undefined);
  setDbHandle(undefined);
  await bus.close();
  await handle.close();
});
