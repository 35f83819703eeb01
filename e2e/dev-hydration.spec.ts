import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "@playwright/test";
import { test } from "./helpers";

// Guards src/server/transport/next-upgrades.ts: if Next's HMR upgrades are not routed, a dev page renders but never hydrates.
const port = Number(process.env.E2E_DEV_PORT ?? 3101);
const origin = `http://127.0.0.1:${port}`;
let server: ChildProcess | undefined;
let output = "";

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...inherited } = process.env;
  // `npm run dev` as a developer runs it: CI names the oldest Node it supports here (DEV_NODE), while the rest runs on
  // the Node production images use.
  server = spawn(process.env.DEV_NODE || process.execPath, ["--import", "tsx", "src/server.ts"], {
    env: {
      ...inherited,
      NODE_ENV: "development",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "confab-dev-")),
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (chunk) => (output += chunk));
  server.stderr!.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`dev server exited:\n${output}`);
    const healthy = await fetch(`${origin}/api/health`).then((response) => response.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) throw new Error(`dev server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
});

test.afterAll(async () => {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server!.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
});

test("a page served by the dev server hydrates", async ({ page }) => {
  test.setTimeout(120_000);
  const hmrSockets: string[] = [];
  page.on("websocket", (socket) => hmrSockets.push(socket.url()));
  await page.goto(`${origin}/signup`);
  await page.getByLabel("Full name").fill("Hydra Tester");
  await page.getByLabel("Work email").fill("hydra@example.test");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  // Only React (hydrated) validates here; an inert page would submit the form natively and reload.
  await expect(page.getByText("Use at least 8 characters")).toBeVisible({ timeout: 60_000 });
  expect(page.url()).toBe(`${origin}/signup`);
  expect(hmrSockets.some((url) => url.includes("/_next/"))).toBe(true);
});
