import { expect, type WebSocketRoute } from "@playwright/test";
import { messageByText, messageLog, send, twoPeopleInAWorkspace, test } from "./helpers";

test("after losing the connection, everything missed appears in order, once, without a reload, as soon as the network returns", async ({ browser }) => {
  // The network stays down until the reconnect backoff reaches its 30 s ceiling.
  test.setTimeout(150_000);
  const { anaPage, benPage } = await twoPeopleInAWorkspace(browser);
  // Chromium's offline mode makes new sockets fail for real but leaves an open one alone, so Ben's live socket goes
  // through a switch that can cut it; while offline, sockets are left to the (offline) network.
  let offline = false;
  let streamConfirmed = false;
  const open = new Set<WebSocketRoute>();
  await benPage.routeWebSocket(
    (url) => url.pathname === "/api/ws" && !offline,
    (socket) => {
      const server = socket.connectToServer();
      server.onMessage((frame) => {
        socket.send(frame);
        streamConfirmed ||= String(frame).includes("stream.ready");
      });
      open.add(socket);
    },
  );
  const refusedAt: number[] = [];
  benPage.on("websocket", (socket) => socket.on("socketerror", () => refusedAt.push(Date.now())));
  await benPage.reload();
  await send(anaPage, "Before the outage");
  await expect(messageByText(benPage, "Before the outage")).toBeVisible();
  // Cut only a stream the server has confirmed: before that, losing it is a first connection failing, not a reconnect.
  await expect.poll(() => streamConfirmed).toBe(true);

  offline = true;
  await benPage.context().setOffline(true);
  for (const socket of open) await socket.close({ code: 1006, reason: "offline" });
  open.clear();
  await expect(benPage.getByRole("status").getByText("Reconnecting…")).toBeVisible();

  for (let n = 1; n <= 20; n++) await send(anaPage, `Offline message ${n}`);
  await expect(messageByText(anaPage, "Offline message 20")).not.toContainText("Sending");
  const edited = messageByText(anaPage, "Offline message 3");
  await edited.hover();
  await edited.getByRole("button", { name: "Edit message" }).click();
  await anaPage.getByRole("textbox", { name: "Edit message" }).fill("Offline message 3, corrected");
  await anaPage.getByRole("textbox", { name: "Edit message" }).press("Enter");
  await expect(messageByText(anaPage, "corrected")).toContainText("(edited)");
  const reacted = messageByText(anaPage, "Offline message 7");
  await reacted.hover();
  await reacted.getByRole("button", { name: "Add reaction" }).click();
  await anaPage.getByRole("textbox", { name: "Search emoji, or type one" }).fill("rocket");
  await anaPage.keyboard.press("Enter");
  await expect(reacted.getByRole("button", { name: /🚀 1, reacted by/ })).toBeVisible();
  await expect(messageByText(benPage, "Offline message 1")).toHaveCount(0);

  // Six refused attempts, each after a longer wait (0.25–0.5 s doubling with jitter): the next wait is 15–30 s.
  await expect.poll(() => refusedAt.length, { timeout: 45_000, intervals: [250] }).toBeGreaterThanOrEqual(6);
  expect(refusedAt[5]! - refusedAt[4]!).toBeGreaterThanOrEqual(7_000);
  await benPage.waitForTimeout(1_000);

  const back = Date.now();
  offline = false;
  await benPage.context().setOffline(false);
  await expect(messageByText(benPage, "Offline message 20")).toBeVisible({ timeout: 10_000 });
  await expect(messageByText(benPage, "Offline message 3, corrected")).toContainText("(edited)");
  await expect(messageByText(benPage, "Offline message 7").getByRole("button", { name: /🚀 1, reacted by/ })).toBeVisible();
  const caughtUpMs = Date.now() - back;
  await expect(benPage.getByRole("status").getByText("Reconnecting…")).toHaveCount(0);

  const texts = (await messageLog(benPage).getByRole("article").allInnerTexts()).flatMap((text) => text.match(/Offline message \d+/g) ?? []);
  expect(texts).toEqual(Array.from({ length: 20 }, (_, index) => `Offline message ${index + 1}`));
  console.log(
    `Reconnect: offline ${Math.round((back - refusedAt[0]!) / 1000)} s (${refusedAt.length} refused attempts, the sixth after ${refusedAt[5]! - refusedAt[4]!} ms); ` +
      `20 missed messages, 1 edit and 1 reaction caught up ${caughtUpMs} ms after the network returned`,
  );
});

test("presence, custom status and typing, live in the other browser", async ({ browser }) => {
  const { anaPage, benPage } = await twoPeopleInAWorkspace(browser);
  await anaPage.clock.install();
  await anaPage.reload();
  await anaPage.getByRole("button", { name: "Members: 2" }).click();
  const benInList = anaPage.getByRole("list", { name: "Channel members" }).getByRole("listitem").filter({ hasText: "Ben Tester" });
  await expect(benInList.getByRole("img", { name: "Active" })).toBeVisible();

  // Ben leaves his keyboard alone: away after the (test-short) idle time; back when he moves.
  await expect(benInList.getByRole("img", { name: "Away" })).toBeVisible({ timeout: 20_000 });
  await benPage.mouse.move(200, 200);
  await benPage.mouse.move(220, 240);
  await expect(benInList.getByRole("img", { name: "Active" })).toBeVisible();

  // Ben sets a status that clears in an hour; Ana sees it, then sees it gone when the hour is up.
  await benPage.getByRole("button", { name: /Your profile and preferences/ }).click();
  await benPage.getByRole("menuitem", { name: "Set a status" }).click();
  await benPage.getByRole("dialog").getByRole("button", { name: /In a meeting/ }).click();
  await benPage.getByRole("dialog").getByRole("button", { name: "Save status" }).click();
  await expect(benInList.getByRole("img", { name: "Status: 📅 In a meeting" })).toBeVisible();
  await anaPage.clock.fastForward("01:01:00");
  await expect(benInList.getByRole("img", { name: /Status:/ })).toHaveCount(0);
  await anaPage.getByRole("button", { name: "Close" }).first().click();

  // Typing in the channel, gone when the message lands.
  const anaBox = anaPage.getByRole("textbox", { name: /^Message / });
  await anaBox.pressSequentially("Working on the draft");
  await expect(benPage.getByText("Ana Tester is typing…")).toBeVisible();
  await anaBox.press("Enter");
  await expect(messageByText(benPage, "Working on the draft")).toBeVisible();
  await expect(benPage.getByText("Ana Tester is typing…")).toHaveCount(0);

  // Typing in a thread shows in that thread only.
  const root = messageByText(benPage, "Working on the draft");
  await root.hover();
  await root.getByRole("button", { name: "Reply in thread" }).click();
  const anaRoot = messageByText(anaPage, "Working on the draft");
  await anaRoot.hover();
  await anaRoot.getByRole("button", { name: "Reply in thread" }).click();
  await anaPage.getByRole("complementary", { name: "Thread" }).getByRole("textbox", { name: "Reply…" }).pressSequentially("Almost done");
  await expect(benPage.getByRole("complementary", { name: "Thread" }).getByText("Ana Tester is typing…")).toBeVisible();
  await expect(benPage.getByRole("main").getByText("Ana Tester is typing…")).toHaveCount(0);

  // Ben closes his browser: offline for Ana.
  await anaPage.getByRole("button", { name: "Close thread" }).click();
  await anaPage.getByRole("button", { name: "Members: 2" }).click();
  await benPage.context().close();
  await expect(benInList.getByRole("img", { name: "Offline" })).toBeVisible();
});

test("read receipts in a DM, and opting out of them", async ({ browser }) => {
  const { anaPage, benPage } = await twoPeopleInAWorkspace(browser);
  await anaPage.getByRole("button", { name: "New message" }).click();
  await anaPage.getByRole("dialog").getByText("Ben Tester").click();
  await anaPage.getByRole("dialog").getByRole("button", { name: /Start|Open|Go/ }).click();
  await expect(anaPage.getByRole("heading", { level: 1, name: "Ben Tester" })).toBeVisible();
  await send(anaPage, "Are you there?");
  const question = messageByText(anaPage, "Are you there?");
  await expect(question).not.toContainText("Seen");

  await benPage.getByRole("link", { name: /Ana Tester/ }).click();
  await expect(messageByText(benPage, "Are you there?")).toBeVisible();
  await expect(question).toContainText("Seen");
  // Ben's own view shows no receipt for himself.
  await expect(messageByText(benPage, "Are you there?")).not.toContainText("Seen");

  // Ben opts out: his receipt disappears for Ana, and new reads are not shared.
  await benPage.getByRole("button", { name: /Your profile and preferences/ }).click();
  await benPage.getByRole("menuitemcheckbox", { name: "Share read receipts" }).click();
  await benPage.keyboard.press("Escape");
  await expect(question).not.toContainText("Seen");
  await send(anaPage, "Still there?");
  await expect(messageByText(benPage, "Still there?")).toBeVisible();
  // Ben answers, having read it: once his answer is on Ana's screen, a receipt for his read would have been too.
  await send(benPage, "Yes, busy");
  await expect(messageByText(anaPage, "Yes, busy")).toBeVisible();
  await expect(messageByText(anaPage, "Still there?")).not.toContainText("Seen");
  await expect(question).not.toContainText("Seen");
  // Sharing again shows how far he has read, so the checks above watched a screen that would have shown it.
  await benPage.getByRole("button", { name: /Your profile and preferences/ }).click();
  await benPage.getByRole("menuitemcheckbox", { name: "Share read receipts" }).click();
  await benPage.keyboard.press("Escape");
  await expect(messageByText(anaPage, "Still there?")).toContainText("Seen");
});
