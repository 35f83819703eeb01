import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` uses this: it reads the schema and writes SQL; it never opens the database.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/server/db/schema/index.ts",
  out: "./drizzle",
});
