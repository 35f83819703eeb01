import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "@playwright/test";
import { freshDatabase, startServer } from "../bench/support";
import { messageByText, send, test, twoPeopleInAWorkspace } from "./helpers";

// Starts its own processes and a proxy on fixed ports: one journey at a time.
test.describe.configure({ mode: "serial" });

const HTTPS_PORT = 3143;
const HTTP_PORT = 3180;
const ORIGIN = `https://localhost:${HTTPS_PORT}`;
const PROCESSES = [
  { port: 3131, metricsPort: 3141 },
  { port: 3132, metricsPort: 3142 },
];

/** Event streams a process holds right now, from its own /metrics on its internal port. */
async function streamsOn(metricsPort: number) {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  return Number(/^confab_event_streams (\d+)$/m.exec(text)?.[1] ?? Number.NaN);
}

/** The shipped deploy/Caddyfile.processes, run by Debian's caddy, in front of the given processes. */
function startCaddy(upstreams: string[]) {
  const home = mkdtempSync(path.join(os.tmpdir(), "confab-caddy-"));
  const caddy: ChildProcess = spawn("caddy", ["run", "--config", "deploy/Caddyfile.processes", "--adapter", "caddyfile"], {
    env: {
      ...process.env,
      HOME: home,
      XDG_DATA_HOME: home,
      XDG_CONFIG_HOME: home,
      CONFAB_DOMAIN: "localhost",
      CONFAB_UPSTREAMS: upstreams.join(" "),
      CADDY_HTTP_PORT: String(HTTP_PORT),
      CADDY_HTTPS_PORT: String(HTTPS_PORT),
      CADDY_ADMIN: "off",
      CONFAB_HEALTH_INTERVAL: "1s",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  caddy.stderr!.on("data", (chunk) => (log = (log + chunk).slice(-20_000)));
  const exited = new Promise<void>((resolve) => caddy.once("exit", () => resolve()));
  return { log: () => log, stop: async () => void (caddy.kill(), await exited) };
}

test("behind Caddy over HTTPS, two production processes serve one team: sign-in, the stream through the proxy, a message across processes, a killed process's tab moved to the other with nothing lost", async ({ browser }) => {
  const ready = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL) && !spawnSync("caddy", ["version"]).error;
  // CI has all three and never skips this; elsewhere it says what is missing.
  test.skip(!ready && !process.env.CI, "needs PostgreSQL, Redis (DATABASE_URL, REDIS_URL) and Caddy (apt-get install caddy)");
  test.setTimeout(180_000);
  const database = await freshDatabase(process.env.DATABASE_URL!, "deployment");
  const env = {
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "confab-deployment-")),
    DATABASE_URL: database.url,
    REDIS_URL: process.env.REDIS_URL,
    TRUST_PROXY: "true",
    PUBLIC_URL: ORIGIN,
    PRESENCE_SETTLE_MS: "300",
  };
  const servers = await Promise.all(PROCESSES.map(({ port, metricsPort }) => startServer({ port, env: { ...env, METRICS_PORT: String(metricsPort) } })));
  const caddy = startCaddy(PROCESSES.map(({ port }) => `127.0.0.1:${port}`));
  const alive = new Set(servers);
  try {
    // Caddy's internal CA signs localhost; the browser is told to accept it in this test only.
    const contextOptions = { baseURL: ORIGIN, ignoreHTTPSErrors: true };
    const probe = await browser.newContext(contextOptions);
    await expect.poll(async () => (await probe.request.get("/api/health/ready").catch(() => null))?.status(), { timeout: 30_000, message: caddy.log() }).toBe(200);
    const secure = await probe.request.get("/api/health/ready");
    expect(secure.headers()["strict-transport-security"]).toContain("max-age=31536000");
    const plain = await probe.request.get(`http://localhost:${HTTP_PORT}/signin`, { maxRedirects: 0 });
    expect(plain.status()).toBe(308);
    // To HTTPS on its standard port (Caddy 2.6 leaves a custom https_port out of the redirect; in production it is 443).
    expect(plain.headers().location).toMatch(new RegExp(`^https://localhost(:${HTTPS_PORT})?/signin$`));
    await probe.close();

    // Two people sign up and sign in over HTTPS: the session cookie is the Secure one.
    const { anaPage, benPage } = await twoPeopleInAWorkspace(browser, contextOptions);
    const cookies = await anaPage.context().cookies(ORIGIN);
    expect(cookies.find((cookie) => cookie.name === "__Secure-authjs.session-token")).toMatchObject({ secure: true, httpOnly: true });
    // And every cookie of the app's own is Secure over HTTPS.
    await expect.poll(async () => (await anaPage.context().cookies(ORIGIN)).filter((cookie) => !cookie.secure).map((cookie) => cookie.name)).toEqual([]);

    // Where each tab's stream landed: least-connections puts the second on the other process, and Ben's tab reloads
    // until it does.
    const holding = async () => Promise.all(PROCESSES.map(({ metricsPort }) => streamsOn(metricsPort)));
    const spreadOut = async () => {
      await expect.poll(async () => (await holding()).reduce((sum, streams) => sum + streams, 0)).toBe(2);
      for (let attempt = 0; attempt < 5 && (await holding()).includes(0); attempt++) {
        await benPage.reload();
        await expect.poll(async () => (await holding()).reduce((sum, streams) => sum + streams, 0)).toBe(2);
      }
      await expect.poll(holding).toEqual([1, 1]);
    };
    await spreadOut();
    // Whose is whose: with Ben's tab away for a moment, the stream left is Ana's.
    await benPage.goto("about:blank");
    await expect.poll(async () => (await holding()).filter((streams) => streams === 1).length).toBe(1);
    const anaServer = servers[(await holding()).indexOf(1)]!;
    await benPage.goBack();
    await spreadOut();

    await send(anaPage, "Hello across processes");
    await expect(messageByText(benPage, "Hello across processes")).toBeVisible();
    await send(benPage, "And back");
    await expect(messageByText(anaPage, "And back")).toBeVisible();

    // Ana's process dies. Her tab reconnects through Caddy to the other one and catches up on what it missed.
    await anaServer.stop("SIGKILL");
    alive.delete(anaServer);
    for (let n = 1; n <= 3; n++) await send(benPage, `While Ana's process is down ${n}`);
    for (let n = 1; n <= 3; n++) await expect(messageByText(anaPage, `While Ana's process is down ${n}`)).toHaveCount(1, { timeout: 30_000 });
    const survivor = PROCESSES[servers.indexOf([...alive][0]!)]!;
    await expect.poll(() => streamsOn(survivor.metricsPort), { timeout: 30_000 }).toBe(2);
    await send(anaPage, "Back on the other process");
    await expect(messageByText(benPage, "Back on the other process")).toBeVisible();
    await expect(messageByText(anaPage, "Back on the other process")).toHaveCount(1);
  } finally {
    // Caddy's own account of what it proxied, beside the test's report.
    await test.info().attach("caddy.log", { body: caddy.log(), contentType: "text/plain" });
    await caddy.stop();
    await Promise.all([...alive].map((server) => server.stop()));
    await database.drop();
  }
});
