/**
 * `npm run migrate-to-postgres -- --from .data --to postgres://…`: everything in the embedded database (PGlite in
 * <from>/pglite) copied to PostgreSQL, and with `--files-to-s3` the local files (<from>/files) to the S3 bucket the
 * S3_* settings name. Stop the app first. Idempotent and resumable: rows already there are left alone (a second run
 * copies nothing; one interrupted half-way carries on), and it ends by comparing every table's row count.
 */
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { env } from "../src/env";
import { createDbHandle, type Db } from "../src/server/db/client";
import { createFileStorage } from "../src/server/files/storage";

const { values: options } = parseArgs({
  options: {
    from: { type: "string", default: ".data" },
    to: { type: "string" },
    "files-to-s3": { type: "boolean", default: false },
    "batch-size": { type: "string", default: "1000" },
  },
});
if (!options.to) {
  console.error("Say where to: npm run migrate-to-postgres -- --from .data --to postgres://user:pass@host:5432/confab");
  process.exit(2);
}
const batchSize = Number(options["batch-size"]);

interface Table {
  name: string;
  /** Columns to copy: every one but the generated (PostgreSQL computes them again). */
  columns: string[];
  primaryKey: Array<{ name: string; type: string }>;
  serials: string[];
}

/** The source is always PGlite, whose results carry their rows. */
const rowsOf = async <T>(db: Db, query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as { rows: T[] }).rows;

/** The app's tables, parents before children (foreign keys), with what copying each needs. */
async function tablesOf(db: Db): Promise<Table[]> {
  const names = (await rowsOf<{ name: string }>(db, sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r' order by 1`)).map((row) => row.name);
  const edges = await rowsOf<{ child: string; parent: string }>(db, sql`select conrelid::regclass::text as child, confrelid::regclass::text as parent from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace`);
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (ordered.includes(name) || path.has(name)) return;
    path.add(name);
    for (const edge of edges) if (edge.child === name && edge.parent !== name) visit(edge.parent, path);
    ordered.push(name);
  };
  for (const name of names) visit(name, new Set());
  const tables: Table[] = [];
  for (const name of ordered) {
    const columns = await rowsOf<{ name: string; generated: string; serial: string | null }>(
      db,
      sql`select column_name as name, is_generated as generated, pg_get_serial_sequence(${`public.${name}`}, column_name) as serial
        from information_schema.columns where table_schema = 'public' and table_name = ${name} order by ordinal_position`,
    );
    const primaryKey = await rowsOf<{ name: string; type: string }>(
      db,
      sql`select a.attname as name, format_type(a.atttypid, a.atttypmod) as type from pg_index i
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
        where i.indrelid = ${`public.${name}`}::regclass and i.indisprimary order by array_position(i.indkey, a.attnum)`,
    );
    tables.push({ name, columns: columns.filter((column) => column.generated !== "ALWAYS").map((column) => column.name), primaryKey, serials: columns.filter((column) => column.serial).map((column) => column.name) });
  }
  return tables;
}

/**
 * Progress: on a terminal one line rewritten in place, ended when `done`; into a log (or a pipe) a line for each
 * step, so what was reached before an interruption stays on record.
 */
let lastReported = "";
function report(line: string, done = false) {
  if (process.stdout.isTTY) return void process.stdout.write(`\r${line}${done ? "\n" : ""}`);
  if (line !== lastReported) process.stdout.write(`${line}\n`);
  lastReported = line;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * One table, batch by batch in primary-key order. Rows travel as JSON (row_to_json there, json_populate_recordset
 * here), so every type arrives as PostgreSQL reads it; a row already there is skipped.
 */
async function copyTable(source: Db, target: postgres.ReservedSql, table: Table) {
  if (table.primaryKey.length === 0) throw new Error(`${table.name} has no primary key: it cannot be copied in resumable batches`);
  const columns = table.columns.map(ident).join(", ");
  const keys = table.primaryKey.map((key) => ident(key.name)).join(", ");
  let after: string[] | null = null;
  let copied = 0;
  let inserted = 0;
  for (;;) {
    const where = after ? `where (${keys}) > (${table.primaryKey.map((key, index) => `'${after![index]!.replace(/'/g, "''")}'::${key.type}`).join(", ")})` : "";
    const order = `order by ${keys}`;
    const batch = await rowsOf<{ row: Record<string, unknown>; keys: string[] }>(
      source,
      sql.raw(`select row_to_json(t) as row, array[${table.primaryKey.map((key) => `t.${ident(key.name)}::text`).join(", ")}] as keys
        from (select ${columns} from ${ident(table.name)} ${where} ${order} limit ${batchSize}) t`),
    );
    if (batch.length === 0) break;
    const result = await target.unsafe(
      `insert into ${ident(table.name)} (${columns}) select ${columns} from json_populate_recordset(null::${ident(table.name)}, $1::text::json) on conflict do nothing`,
      [JSON.stringify(batch.map((entry) => entry.row))],
    );
    copied += batch.length;
    inserted += result.count;
    report(`${table.name}: ${copied.toLocaleString("en-US")} rows read, ${inserted.toLocaleString("en-US")} new`);
    if (batch.length < batchSize) break;
    after = batch.at(-1)!.keys;
  }
  for (const column of table.serials) {
    await target.unsafe(`select setval(pg_get_serial_sequence($1, $2), greatest((select max(${ident(column)}) from ${ident(table.name)}), 1))`, [`public.${table.name}`, column]);
  }
  report(`${table.name}: ${copied.toLocaleString("en-US")} rows read, ${inserted.toLocaleString("en-US")} new`, true);
}

async function copyFiles(source: Db) {
  const settings = env();
  if (!settings.S3_BUCKET) throw new Error("--files-to-s3 needs S3_BUCKET (and S3_ENDPOINT, credentials) in the environment");
  const local = createFileStorage({ ...settings, S3_BUCKET: undefined, dataDir: options.from! });
  const bucket = createFileStorage(settings);
  const keys = await rowsOf<{ key: string; size: number; type: string }>(
    source,
    sql`select storage_key as key, size, mime_type as type from files union all select thumbnail_key, 0, 'image/webp' from files where thumbnail_key is not null`,
  );
  let done = 0;
  for (const { key, type } of keys) {
    const chunks: Buffer[] = [];
    for await (const chunk of await local.get(key)) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    // Putting the same key again writes the same bytes: a second run is harmless.
    await bucket.put(key, Readable.from([body]), body.length, type);
    report(`files: ${++done} of ${keys.length} copied to ${settings.S3_BUCKET}`, done === keys.length);
  }
}

async function main() {
  const source = createDbHandle({ dataDir: options.from });
  // The embedded database is brought to this version's schema first, like the app does at start-up.
  await source.migrate();
  const destination = createDbHandle({ databaseUrl: options.to, poolSize: 2 });
  await destination.migrate();
  await destination.close();
  const client = postgres(options.to!, { max: 1, onnotice: () => {} });
  const target = await client.reserve();
  try {
    // Foreign keys are checked by triggers, which a replica does not run: tables (and a thread's replies before its
    // root) may arrive in any order. Every row came from a database that had checked them.
    await target`set session_replication_role = replica`;
    const tables = (await tablesOf(source.db)).filter((table) => table.name !== "__drizzle_migrations");
    for (const table of tables) await copyTable(source.db, target, table);
    await target`set session_replication_role = origin`;
    const short: string[] = [];
    for (const table of tables) {
      const [from] = await rowsOf<{ count: number }>(source.db, sql.raw(`select count(*)::int as count from ${ident(table.name)}`));
      const [to] = await target.unsafe<Array<{ count: number }>>(`select count(*)::int as count from ${ident(table.name)}`);
      if (to!.count < from!.count) short.push(`${table.name}: ${to!.count} of ${from!.count}`);
    }
    if (options["files-to-s3"]) await copyFiles(source.db);
    if (short.length) throw new Error(`Rows missing after the copy: ${short.join("; ")}`);
    console.log(`Done: ${tables.length} tables, every row of ${options.from} is in PostgreSQL. Start the app with DATABASE_URL set to it.`);
  } finally {
    target.release();
    await client.end();
    await source.close();
  }
}

main().catch((error: unknown) => {
  console.error(`\nmigrate-to-postgres failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
