import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { freshDatabase } from "../../bench/support";
import { createDbHandle } from "../../src/server/db/client";

// PostgreSQL only: what several processes sharing one database do together.
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

describe("work one process at a time", () => {
  it("runs in one process while the others skip it, and again once it is done", async () => {
    const [first, second] = [1, 2].map(() => createDbHandle({ databaseUrl: database.url, poolSize: 2 }));
    try {
      let release!: () => void;
      let started!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const running = first!.exclusively("upload sweep", async () => {
        started();
        await held;
        return "first";
      });
      await new Promise<void>((resolve) => (started = resolve));
      // While the first runs it, the second is told no, and does not run it.
      let ranSecond = false;
      expect(await second!.exclusively("upload sweep", async () => void (ranSecond = true))).toBeUndefined();
      expect(ranSecond).toBe(false);
      // Other work is not held up by it.
      expect(await second!.exclusively("status sweep", async () => "other")).toBe("other");
      release();
      expect(await running).toBe("first");
      expect(await second!.exclusively("upload sweep", async () => "second")).toBe("second");
    } finally {
      await Promise.all([first!.close(), second!.close()]);
    }
  });
});
