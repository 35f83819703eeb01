import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { freshDatabase } from "../../bench/support";
import { createDbHandle } from "../../src/server/db/client";

// PostgreSQL only: what several processes sharing one database do when they start together.
let database: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  database = await freshDatabase(process.env.DATABASE_URL!, "migrate");
});
afterAll(() => database.drop());

describe("migrations", () => {
  it("run once when three processes start together on an empty database", async () => {
    const handles = [1, 2, 3].map(() => createDbHandle({ databaseUrl: database.url, poolSize: 2 }));
    try {
      await Promise.all(handles.map((handle) => handle.migrate()));
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
    }
    const journal = JSON.parse(readFileSync("drizzle/meta/_journal.json", "utf8")) as { entries: unknown[] };
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const [applied] = await sql`select count(*)::int as count from drizzle.__drizzle_migrations`;
      expect(applied!.count).toBe(journal.entries.length);
      // And the schema is whole: the newest migration's table is there.
      const [table] = await sql`select to_regclass('public.support_conversations') as name`;
      expect(table!.name).toBe("support_conversations");
    } finally {
      await sql.end();
    }
  });
});
