import type { TestProject } from "vitest/node";
import postgres from "postgres";
import { createDbHandle } from "../../src/server/db/client";
import { adminUrl, databaseUrl } from "./postgres-urls";

/** Creates one migrated template database for this run; workers clone it. Everything is dropped at the end. */
export default async function setup(project: TestProject) {
  const base = process.env.DATABASE_URL!;
  const template = `confab_test_${Date.now().toString(36)}_${process.pid}`;
  const admin = postgres(adminUrl(base), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${template}`);
  const handle = createDbHandle({ databaseUrl: databaseUrl(base, template), poolSize: 1 });
  await handle.migrate();
  await handle.close();
  project.provide("postgresTemplate", template);
  return async () => {
    const databases = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${template}%`}`;
    // Drop clones before the template they came from.
    for (const { datname } of databases.sort((a, b) => b.datname.length - a.datname.length)) {
      await admin.unsafe(`drop database if exists ${datname} with (force)`);
    }
    await admin.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    postgresTemplate: string;
  }
}
