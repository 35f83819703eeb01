/**
 * Start-up time and memory of the production server, compiled (`npm start`: dist/server.mjs) against the TypeScript
 * loader it used to run under (`node --import tsx src/server.ts`), alternating, on one migrated PGlite folder:
 * from spawn to the first healthy answer, and resident memory once idle after start.
 * `node --import tsx bench/startup.ts [runs]` after `npm run build`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SERVER_ENTRY } from "../scripts/paths";
import { productionBuilt, productionNodeFlags, TEST_AUTH_SECRET, waitForHealth } from "./support";

const runs = Number(process.argv[2] ?? 5);
const PORT = 3460;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "confab-startup-"));
const ways = { compiled: [...productionNodeFlags(), SERVER_ENTRY], "tsx loader": [...productionNodeFlags().filter((flag) => flag !== "--enable-source-maps"), "--import", "tsx", "src/server.ts"] };

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function once(args: string[]) {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), HOSTNAME: "127.0.0.1", DATA_DIR: dataDir, AUTH_SECRET: TEST_AUTH_SECRET, NEXT_TELEMETRY_DISABLED: "1" }, stdio: "ignore" });
  await waitForHealth(`http://127.0.0.1:${PORT}`);
  const readyMs = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const rss = rssMb(child.pid!);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  return { readyMs, rss };
}

if (!productionBuilt()) throw new Error("Build first: npm run build");
// The first start migrates the folder; it is not counted.
await once(ways.compiled);
const results: Record<string, Array<{ readyMs: number; rss: number }>> = { compiled: [], "tsx loader": [] };
for (let run = 0; run < runs; run++) for (const [name, args] of Object.entries(ways)) results[name]!.push(await once(args));
for (const [name, samples] of Object.entries(results)) {
  console.log(`${name}: ready in ${Math.round(median(samples.map((sample) => sample.readyMs)))} ms, ${median(samples.map((sample) => sample.rss)).toFixed(0)} MB resident when idle (median of ${runs})`);
}
