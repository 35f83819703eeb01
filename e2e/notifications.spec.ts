import { expect, type Page } from "@playwright/test";
import { linkIn, startMailServer } from "../tests/integration/mail-server";
import { messageByText, newPerson, newSignedInPage, send, signIn, twoPeopleInAWorkspace, test } from "./helpers";

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
  // A message sent now shows only once the reloaded tab's stream is ready: from then on nothing sent is missed.
  await send(anaPage, "Morning");
  await expect(messageByText(benPage, "Morning")).toBeVisible();
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
  // Then a DM that does notify him, decided after the @channel (notify jobs run in the order they were written):
  // once it is shown, a notification about the @channel would have been shown first.
  await anaPage.getByRole("button", { name: "New message" }).click();
  await anaPage.getByRole("dialog").getByText(ben.name).click();
  await anaPage.getByRole("dialog").getByRole("button", { name: /Start|Open|Go/ }).click();
  await expect(anaPage.getByRole("heading", { level: 1, name: ben.name })).toBeVisible();
  await send(anaPage, "After standup?");
  await expect(messageByText(anaPage, "After standup?")).toBeVisible();
  await expect.poll(() => shownOn(benPage)).toHaveLength(2);
  expect((await shownOn(benPage))[1]).toEqual({ title: "Ana Tester", body: "After standup?" });
  // The DM is all that is addressed to him: the @channel in muted #general counts for nothing.
  await expect(benPage).toHaveTitle("(1) Saved · Confab");
});

test("Confab is an installable app: a valid manifest, icons from one SVG, a registered service worker", async ({ browser }) => {
  const { anaPage, benPage } = await twoPeopleInAWorkspace(browser);
  const manifest = await (await anaPage.request.get("/manifest.webmanifest")).json();
  expect(manifest).toMatchObject({ name: "Confab", start_url: "/", display: "standalone" });
  for (const icon of manifest.icons.filter((entry: { type: string }) => entry.type === "image/png")) {
    const response = await anaPage.request.get(icon.src);
    expect(response.headers()["content-type"]).toBe("image/png");
    const png = await response.body();
    // PNG's IHDR holds the width and height, big-endian, at bytes 16 and 20.
    expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
  }
  const worker = await anaPage.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
  expect(worker).toMatch(/\/sw\.js$/);
  const cdp = await anaPage.context().newCDPSession(anaPage);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  // Playwright's contexts are incognito ones, where Chromium installs nothing; every other check is about the app.
  expect(installabilityErrors.filter((error) => error.errorId !== "in-incognito")).toEqual([]);
  // The favicon carries a dot while something is unread.
  await expect(anaPage.locator('link[rel="icon"]')).toHaveAttribute("href", "/icon.svg");
  await anaPage.getByRole("link", { name: "Saved" }).click();
  await send(benPage, "Something for later");
  await expect(anaPage.locator('link[rel="icon"]')).toHaveAttribute("href", /^data:image\/svg\+xml,/);
});

test("someone writing a DM sees that the other person has paused notifications", async ({ browser }) => {
  const { anaPage, benPage, ben } = await twoPeopleInAWorkspace(browser);
  await benPage.getByRole("button", { name: /^Your profile and preferences/ }).click();
  await benPage.getByRole("menuitem", { name: "Pause notifications" }).hover();
  await benPage.getByRole("menuitem", { name: "1 hour" }).click();

  await anaPage.keyboard.press("Control+k");
  await anaPage.getByRole("combobox").fill(ben.name);
  await anaPage.keyboard.press("Enter");
  await expect(anaPage.getByRole("textbox", { name: `Message ${ben.name}` })).toBeVisible();
  await expect(anaPage.getByRole("status").filter({ hasText: `${ben.name} has paused notifications` })).toBeVisible();
});

test("Forgot password? sends a link by email that sets a new password, once", async ({ browser }) => {
  const mail = await startMailServer(15525);
  try {
    const person = newPerson("Forgetful");
    const first = await newSignedInPage(browser, person);
    await first.context().close();

    const page = await (await browser.newContext()).newPage();
    await page.goto("/signin");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
    await page.getByLabel("Email").fill(person.email);
    await page.getByRole("button", { name: "Send me a reset link" }).click();
    await expect(page.getByRole("status")).toContainText("If an account uses that address");

    await expect.poll(() => mail.to(person.email).length).toBe(1);
    const link = linkIn(mail.to(person.email)[0]!.text, `${new URL(page.url()).origin}/reset-password?token=`);
    await page.goto(link);
    await page.getByLabel("New password").fill("a brand new passphrase");
    await page.getByRole("button", { name: "Set new password and sign in" }).click();
    await expect(page).toHaveURL(/\/new$/);

    // The link worked once; the new password signs in.
    await page.goto(link);
    await page.getByLabel("New password").fill("yet another passphrase");
    await page.getByRole("button", { name: "Set new password and sign in" }).click();
    await expect(page.getByText("This reset link has expired or was already used")).toBeVisible();
    const again = await (await browser.newContext()).newPage();
    await again.goto("/signin");
    await signIn(again, { ...person, password: "a brand new passphrase" });
    await expect(again).toHaveURL(/\/new$/);
  } finally {
    await mail.close();
  }
});
