import { expect, type Page } from "@playwright/test";
import { messageByText, send, twoPeopleInAWorkspace, test } from "./helpers";

type Shown = { title: string; body: string; icon?: string };

/** Records every desktop notification the page shows, and lets the test click one. */
async function recordNotifications(page: Page) {
  await page.addInitScript(() => {
    const Native = window.Notification;
    const shown: Array<{ title: string; body?: string; notification: Notification }> = [];
    (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
    window.Notification = class extends Native {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push({ title, body: options?.body, notification: this });
      }
    } as typeof Notification;
  });
}

/** The tab as hidden (another tab or window in front) or visible again, as the page itself sees it. */
async function setVisibility(page: Page, state: "hidden" | "visible") {
  await page.evaluate((next) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => next });
    document.dispatchEvent(new Event("visibilitychange"));
  }, state);
}

const shownOn = (page: Page) => page.evaluate(() => (window as unknown as { shownNotifications: Shown[] }).shownNotifications.map(({ title, body }) => ({ title, body })));

test("a mention notifies the other person's background tab, clicking opens the message, a muted channel stays quiet", async ({ browser }) => {
  const { anaPage, benPage, ben } = await twoPeopleInAWorkspace(browser);
  await benPage.context().grantPermissions(["notifications"]);
  await recordNotifications(benPage);
  await benPage.reload();
  await expect(benPage.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  // Ben looks at another page: Confab's tab is in the background.
  await setVisibility(benPage, "hidden");

  const box = anaPage.getByRole("textbox", { name: "Message #general" });
  await box.fill("Can you review **this** @Be");
  await anaPage.getByRole("option", { name: ben.name }).click();
  await box.press("Enter");
  await expect.poll(() => shownOn(benPage)).toEqual([{ title: "#general", body: `Ana Tester: Can you review this @${ben.name}` }]);

  await benPage.getByRole("link", { name: "Saved" }).click();
  await expect(benPage.getByRole("heading", { level: 1, name: "Saved" })).toBeVisible();
  // Clicking a notification brings the tab to the front, then opens the message.
  await setVisibility(benPage, "visible");
  await benPage.evaluate(() => (window as unknown as { shownNotifications: Array<{ notification: Notification }> }).shownNotifications[0]!.notification.onclick!(new Event("click")));
  await expect(benPage).toHaveURL(/\/c\/[^?]+\?message=/);
  await expect(messageByText(benPage, "Can you review")).toBeVisible();
  // Opened at the message rather than at the bottom: Esc marks the channel read.
  await benPage.getByRole("textbox", { name: "Message #general" }).press("Escape");
  await expect(benPage.getByRole("navigation", { name: "Channels and conversations" }).getByRole("link", { name: "channel general" })).toBeVisible();

  // Ben mutes #general: an @channel there no longer notifies, and his sidebar stays quiet.
  await benPage.getByRole("button", { name: "Notifications", exact: true }).click();
  await benPage.getByRole("dialog").getByLabel(/^Mute #general/).check();
  await benPage.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await expect(benPage.getByRole("button", { name: "Notifications: muted" })).toBeVisible();
  await benPage.getByRole("link", { name: "Saved" }).click();
  await expect(benPage).toHaveTitle("Saved · Confab");
  await setVisibility(benPage, "hidden");
  await send(anaPage, "@channel standup in five");
  await expect(messageByText(anaPage, "standup in five")).toBeVisible();
  await expect(benPage.getByRole("navigation", { name: "Channels and conversations" }).getByRole("link", { name: "channel general, muted" })).toBeVisible();
  await benPage.waitForTimeout(1_000);
  expect(await shownOn(benPage)).toHaveLength(1);
  await expect(benPage).toHaveTitle("Saved · Confab");
});
