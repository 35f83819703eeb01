import { getTableColumns, type Query, type SQL } from "drizzle-orm";
import { PgDialect, type PgTable } from "drizzle-orm/pg-core";
import type { Db, Tx } from "./client";

const dialect = new PgDialect();

/** Rows of a raw result: postgres.js returns an array, PGlite an object holding one. */
export function rowsOf<Row>(result: unknown): Row[] {
  return Array.isArray(result) ? (result as Row[]) : (result as { rows: Row[] }).rows;
}

/**
 * A statement whose SQL text is built on first use; every later call only fills in its `sql.placeholder`s. Building
 * queries was a quarter of the server's CPU on the send path, where the same few statements run thousands of times a
 * second.
 */
export function preparedStatement<Row>(build: () => SQL) {
  let query: Query | undefined;
  return async (db: Db | Tx, values: Record<string, unknown>): Promise<Row[]> => {
    query ??= dialect.sqlToQuery(build());
    return rowsOf<Row>(await db._.session.prepareQuery(query, undefined, undefined, false).execute(values));
  };
}

/**
 * A query-builder statement built once per database handle (a transaction builds its own) and run with its
 * `sql.placeholder`s filled in, for the reads every page view makes: rows come back mapped as the builder maps them.
 */
export function preparedQuery<Prepared>(build: (db: Db | Tx) => Prepared): (db: Db | Tx) => Prepared {
  const built = new WeakMap<Db | Tx, Prepared>();
  return (db) => {
    let prepared = built.get(db);
    if (!prepared) built.set(db, (prepared = build(db)));
    return prepared;
  };
}

/**
 * A row of `table` read by raw SQL (columns by their SQL names, values as the driver gave them), in the shape the
 * query builder returns: property names, and each column's own conversion (timestamps to Date, bigint to number).
 */
export function fromDriverRow<Table extends PgTable>(table: Table, raw: Record<string, unknown>): Table["$inferSelect"] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (!(column.name in raw)) continue;
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as Table["$inferSelect"];
}
