import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDbHandle } from "../../src/server/db/client";

/** One fresh initdb and migration for the run; each test file starts from a copy of the result. */
export default async function setup(project: TestProject) {
  const handle = createDbHandle({});
  await handle.migrate();
  const file = path.join(os.tmpdir(), `confab-pglite-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await (await handle.dump!()).arrayBuffer()));
  await handle.close();
  project.provide("pgliteSnapshot", file);
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string;
  }
}
