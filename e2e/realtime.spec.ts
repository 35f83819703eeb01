import { expect, test, type WebSocketRoute } from "@playwright/test";
import { messageByText, messageLog, send, twoPeopleInAWorkspace } from "./helpers";

test("after losing the connection, everything missed appears in order, once, without a reload", async ({ browser }) => {
  const { anaPage, benPage } = await twoPeopleInAWorkspace(browser);
  // Ben's live connection goes through a switch: setOffline alone does not close an open WebSocket in Chromium.
  let offline = false;
  const open = new Set<WebSocketRoute>();
  await benPage.routeWebSocket(/\/api\/ws$/, (socket) => {
    // While "offline" a new socket opens to nowhere and drops at once (closing it before it opens would leave the
    // page's socket half-made, which a real network never does).
    if (offline) return void setTimeout(() => void socket.close({ code: 1006, reason: "offline" }), 50);
    socket.connectToServer();
    open.add(socket);
  });
  await benPage.reload();
  await send(anaPage, "Before the outage");
  await expect(messageByText(benPage, "Before the outage")).toBeVisible();

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

  const back = Date.now();
  offline = false;
  await benPage.context().setOffline(false);
  await expect(messageByText(benPage, "Offline message 20")).toBeVisible({ timeout: 40_000 });
  await expect(messageByText(benPage, "Offline message 3, corrected")).toContainText("(edited)");
  await expect(messageByText(benPage, "Offline message 7").getByRole("button", { name: /🚀 1, reacted by/ })).toBeVisible();
  const caughtUpMs = Date.now() - back;
  await expect(benPage.getByRole("status").getByText("Reconnecting…")).toHaveCount(0);

  const texts = (await messageLog(benPage).getByRole("article").allInnerTexts()).flatMap((text) => text.match(/Offline message \d+/g) ?? []);
  expect(texts).toEqual(Array.from({ length: 20 }, (_, index) => `Offline message ${index + 1}`));
  console.log(`Reconnect: 20 missed messages, 1 edit and 1 reaction caught up ${caughtUpMs} ms after the network returned`);
});
