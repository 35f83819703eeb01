import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "@playwright/test";
import { test } from "./helpers";
import { createTRPCClient, createWSClient, httpBatchLink, wsLink } from "@trpc/client";
import { encode } from "next-auth/jwt";
import superjson from "superjson";
import { WebSocket } from "ws";
import { freshDatabase, startServer, TEST_AUTH_SECRET, workersOf } from "../bench/support";
import type { AppRouter } from "../src/server/api/root";
import { parseStreamEvents } from "../src/shared/events";
import { type MessageView, upsertMessage } from "../src/shared/messages";

// These journeys start their own server processes (restarted, or two of them), so they run one at a time.
test.describe.configure({ mode: "serial" });

const COOKIE = "authjs.session-token";
const sessionCookie = async (userId: string) => `${COOKIE}=${await encode({ token: { sub: userId }, secret: TEST_AUTH_SECRET, salt: COOKIE })}`;

function api(baseUrl: string, cookie?: string) {
  return createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${baseUrl}/api/trpc`, transformer: superjson, headers: cookie ? { cookie } : {} })] });
}

/** Ana owns a workspace, Ben is in it; both with session cookies for the servers started here. */
async function twoPeople(baseUrl: string) {
  const stamp = Date.now().toString(36);
  const signUp = (name: string) => api(baseUrl).users.signUp.mutate({ name, email: `${name.toLowerCase()}.${stamp}@example.test`, password: `correct-horse-${stamp}` });
  const [ana, ben] = [await signUp("Ana"), await signUp("Ben")];
  const [anaCookie, benCookie] = [await sessionCookie(ana.id), await sessionCookie(ben.id)];
  const workspace = await api(baseUrl, anaCookie).workspaces.create.mutate({ name: "Processes", slug: `processes-${stamp}` });
  const invite = await api(baseUrl, anaCookie).invites.create.mutate({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: null });
  await api(baseUrl, benCookie).invites.accept.mutate({ token: invite.token });
  return { ana, ben, anaCookie, benCookie, workspace, general: workspace.generalChannelId };
}

test("a subscribed client rides out a server crash and restart: every message sent around it arrives exactly once", async () => {
  test.setTimeout(120_000);
  const database = process.env.DATABASE_URL ? await freshDatabase(process.env.DATABASE_URL, "restart") : null;
  const env = { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "confab-restart-")), DATABASE_URL: database?.url ?? "", REDIS_URL: "", LIVEKIT_URL: "" };
  const port = 3120;
  let server = await startServer({ port, env });
  try {
    const { anaCookie, benCookie, general } = await twoPeople(server.baseUrl);
    // This server has no LiveKit settings: calls say so instead of failing.
    expect(await api(server.baseUrl, anaCookie).calls.config.query()).toEqual({ configured: false });
    await expect(api(server.baseUrl, anaCookie).calls.join.mutate({ channelId: general })).rejects.toThrow(/Calls are not configured on this server: set LIVEKIT_URL/);

    // Ben's client does what the browser does: live messages, and on every (re)connect a catch-up by seq.
    let held: MessageView[] = [];
    let ready = 0;
    let delivered = 0;
    class CookieWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie: benCookie } });
      }
    }
    const wsClient = createWSClient({ url: `ws://127.0.0.1:${port}/api/ws`, WebSocket: CookieWebSocket as never, retryDelayMs: () => 300 });
    const live = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: superjson })] });
    live.events.stream.subscribe(
      { tabId: crypto.randomUUID(), active: true },
      {
        onData: async ({ data }) => {
          for (const event of parseStreamEvents(data)) {
            if (event.type === "message.created") {
              delivered++;
              held = upsertMessage(held, event.message);
            }
            if (event.type === "stream.ready") {
              ready++;
              const page = await api(server.baseUrl, benCookie).messages.history.query({ channelId: general, afterSeq: held.at(-1)?.seq ?? 0, limit: 200 });
              held = page.messages.reduce(upsertMessage, held);
            }
          }
        },
      },
    );
    await expect.poll(() => ready).toBe(1);

    // Ana's sends retry with the same nonce until the server answers, as the browser's do; but not forever: a
    // server that never comes back (or a send it keeps refusing) fails the test with the last error, not a timeout.
    const SEND_DEADLINE_MS = 60_000;
    const send = async (body: string) => {
      const clientNonce = crypto.randomUUID();
      const deadline = Date.now() + SEND_DEADLINE_MS;
      for (let attempt = 1; ; attempt++) {
        try {
          return await api(server.baseUrl, anaCookie).messages.send.mutate({ channelId: general, body, clientNonce });
        } catch (error) {
          if (Date.now() >= deadline) {
            throw new Error(`Sending "${body}" was still failing after ${attempt} attempts in ${SEND_DEADLINE_MS / 1000} s; the last error: ${String(error)}`, { cause: error });
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    };
    for (let n = 1; n <= 5; n++) await send(`before ${n}`);
    await expect.poll(() => held.length).toBe(5);

    await server.stop("SIGKILL");
    const during = send("during the restart");
    // Handled now (it may fail while the server is still starting), awaited below: its error is the test's.
    during.catch(() => undefined);
    server = await startServer({ port, env });
    await during;
    for (let n = 1; n <= 5; n++) await send(`after ${n}`);

    const expected = ["before 1", "before 2", "before 3", "before 4", "before 5", "during the restart", "after 1", "after 2", "after 3", "after 4", "after 5"];
    await expect.poll(() => held.map((message) => message.body), { timeout: 30_000 }).toEqual(expected);
    expect(ready).toBeGreaterThanOrEqual(2);
    expect(new Set(held.map((message) => message.id)).size).toBe(expected.length);
    console.log(`Restart: ${expected.length} messages held once each; ${delivered} live deliveries, ${ready} stream starts`);
    await wsClient.close();
  } finally {
    await server.stop();
    await database?.drop();
  }
});

test("two server processes share one database and Redis: a browser on one sees the message, typing and presence of a person on the other", async ({ browser }) => {
  test.skip(!process.env.DATABASE_URL || !process.env.REDIS_URL, "needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL), as CI provides");
  test.setTimeout(120_000);
  const database = await freshDatabase(process.env.DATABASE_URL!, "two_processes");
  const env = { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "confab-two-")), DATABASE_URL: database.url, REDIS_URL: process.env.REDIS_URL, PRESENCE_SETTLE_MS: "300" };
  const [first, second] = [await startServer({ port: 3121, env }), await startServer({ port: 3122, env })];
  try {
    const { ana, anaCookie, benCookie, workspace, general } = await twoPeople(first.baseUrl);
    const signedIn = async (baseUrl: string, cookie: string) => {
      const context = await browser.newContext({ baseURL: baseUrl });
      const [name, value] = cookie.split(/=(.*)/s) as [string, string];
      await context.addCookies([{ name, value, url: baseUrl }]);
      const page = await context.newPage();
      await page.goto(`/w/${workspace.slug}/c/${general}`);
      await expect(page.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
      return page;
    };
    // Ben reads on the second process; Ana writes on the first.
    const benPage = await signedIn(second.baseUrl, benCookie);
    await benPage.getByRole("button", { name: "Members: 2" }).click();
    const anaInList = benPage.getByRole("list", { name: "Channel members" }).getByRole("listitem").filter({ hasText: ana.name });
    await expect(anaInList.getByRole("img", { name: "Offline" })).toBeVisible();

    const anaPage = await signedIn(first.baseUrl, anaCookie);
    await expect(anaInList.getByRole("img", { name: "Active" })).toBeVisible();
    const box = anaPage.getByRole("textbox", { name: /^Message / });
    await box.pressSequentially("Hello from the first process");
    await expect(benPage.getByText(`${ana.name} is typing…`)).toBeVisible();
    await box.press("Enter");
    await expect(benPage.getByRole("log").getByRole("article").filter({ hasText: "Hello from the first process" })).toBeVisible();

    await anaPage.context().close();
    await expect(anaInList.getByRole("img", { name: "Offline" })).toBeVisible();
  } finally {
    await Promise.all([first.stop(), second.stop()]);
    await database.drop();
  }
});

test("PROCESSES=2 runs two workers on one port: two people chat across them, and a worker that dies is replaced", async ({ browser }) => {
  test.skip(!process.env.DATABASE_URL || !process.env.REDIS_URL, "needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL), as CI provides");
  test.setTimeout(120_000);
  const database = await freshDatabase(process.env.DATABASE_URL!, "cluster");
  const env = { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "confab-cluster-")), DATABASE_URL: database.url, REDIS_URL: process.env.REDIS_URL, PROCESSES: "2" };
  const server = await startServer({ port: 3123, env });
  try {
    await expect.poll(() => workersOf(server.pid).length).toBe(2);
    const { ana, anaCookie, benCookie, workspace, general } = await twoPeople(server.baseUrl);
    const signedIn = async (cookie: string) => {
      const context = await browser.newContext({ baseURL: server.baseUrl });
      const [name, value] = cookie.split(/=(.*)/s) as [string, string];
      await context.addCookies([{ name, value, url: server.baseUrl }]);
      const page = await context.newPage();
      await page.goto(`/w/${workspace.slug}/c/${general}`);
      await expect(page.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
      return page;
    };
    const [anaPage, benPage] = [await signedIn(anaCookie), await signedIn(benCookie)];
    const say = async (body: string) => {
      const box = anaPage.getByRole("textbox", { name: /^Message / });
      await box.fill(body);
      await box.press("Enter");
      await expect(benPage.getByRole("log").getByRole("article").filter({ hasText: body })).toBeVisible();
    };
    await say("Hello across the workers");

    // Whichever worker held a tab's socket, the tab reconnects to the one left, then to its replacement.
    const [victim] = workersOf(server.pid);
    process.kill(victim!, "SIGKILL");
    await expect.poll(() => workersOf(server.pid).filter((pid) => pid !== victim)).toHaveLength(2);
    await say(`Still here, ${ana.name}`);
  } finally {
    await server.stop();
    await database.drop();
  }
});
