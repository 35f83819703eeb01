/**
 * `npm run check-restore -- --database postgres://…/restored` (or `--from <data dir>` for an embedded database), with
 * `--files <data dir>` when files are local (S3 when S3_BUCKET is set): whether a restored backup is whole. The
 * schema is at this version's migrations, every table answers, and every file a row names is in storage. Prints what
 * it counted; exits 1 with what is missing.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { env } from "../src/env";
import { createDbHandle } from "../src/server/db/client";
import { files } from "../src/server/db/schema";
import { createFileStorage } from "../src/server/files/storage";

const { values: options } = parseArgs({ options: { database: { type: "string" }, from: { type: "string" }, files: { type: "string" } } });
if (!options.database && !options.from) {
  console.error("Say which restore to check: --database postgres://… or --from <data dir>");
  process.exit(2);
}

/** Rows from either driver: PGlite's results carry them, postgres.js's are them. */
const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows);

async function main() {
  const handle = createDbHandle(options.database ? { databaseUrl: options.database, poolSize: 2 } : { dataDir: options.from });
  const problems: string[] = [];
  try {
    const journal = JSON.parse(readFileSync("drizzle/meta/_journal.json", "utf8")) as { entries: unknown[] };
    const [applied] = rowsOf<{ count: number }>(await handle.db.execute(sql`select count(*)::int as count from drizzle.__drizzle_migrations`).catch(() => [{ count: 0 }]));
    if (applied!.count !== journal.entries.length) problems.push(`the schema has ${applied!.count} of this version's ${journal.entries.length} migrations`);

    const tables = rowsOf<{ name: string }>(await handle.db.execute(sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`));
    let rows = 0;
    for (const { name } of tables) {
      const [counted] = rowsOf<{ count: number }>(await handle.db.execute(sql.raw(`select count(*)::int as count from "${name}"`)));
      rows += counted!.count;
      console.log(`${name}: ${counted!.count.toLocaleString("en-US")} rows`);
    }

    const settings = env();
    const storage = settings.S3_BUCKET ? createFileStorage(settings) : createFileStorage({ ...settings, dataDir: options.files ?? options.from ?? settings.dataDir });
    const stored = await handle.db.select({ key: files.storageKey, thumbnail: files.thumbnailKey, name: files.name }).from(files);
    let checked = 0;
    for (const file of stored) {
      for (const key of file.thumbnail ? [file.key, file.thumbnail] : [file.key]) {
        // One byte is enough to know the object is there, locally or in the bucket.
        const present = await storage.get(key, { start: 0, end: 0 }).then(
          (body) => (body.destroy(), true),
          () => false,
        );
        checked++;
        if (!present) problems.push(`the file ${file.name} (${key}) is not in storage`);
      }
    }
    console.log(`${tables.length} tables, ${rows.toLocaleString("en-US")} rows, ${checked.toLocaleString("en-US")} stored objects checked`);
    if (problems.length) throw new Error(problems.join("; "));
    console.log("The restore is whole.");
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(`check-restore: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
