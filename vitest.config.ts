import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname, "src") };
// next-auth imports "next/server" without an extension, which Node's ESM resolver refuses; Vite resolves it.
const server = { deps: { inline: ["next-auth"] } };

/**
 * Integration tests run on PGlite always, and again on PostgreSQL + Redis when DATABASE_URL is set (CI does).
 * Each worker gets a fresh database: a migrated PGlite in memory, or a PostgreSQL database cloned from a migrated
 * template created for this run and dropped after it.
 */
const postgres = process.env.DATABASE_URL
  ? [
      {
        resolve: { alias },
        test: {
          name: "postgres",
          server,
          // tests/postgres: what only PostgreSQL has (several processes on one database).
          include: ["tests/integration/**/*.test.ts", "tests/postgres/**/*.test.ts"],
          globalSetup: ["tests/setup/postgres-global.ts"],
          setupFiles: ["tests/setup/database.ts"],
          env: { CONFAB_TEST_DB: "postgres" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ]
  : [];

export default defineConfig({
  test: {
    // An it.only left behind would quietly run one test of a file instead of all of them.
    allowOnly: !process.env.CI,
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["tests/unit/**/*.test.{ts,tsx}"], setupFiles: ["tests/setup/env.ts"] },
      },
      {
        resolve: { alias },
        test: {
          name: "pglite",
          server,
          globalSetup: ["tests/setup/pglite-global.ts"],
          include: ["tests/integration/**/*.test.ts"],
          setupFiles: ["tests/setup/database.ts"],
          env: { CONFAB_TEST_DB: "pglite" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...postgres,
    ],
  },
});
