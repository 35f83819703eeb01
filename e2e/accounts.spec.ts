import { expect, type Page } from "@playwright/test";
import { base32Decode, totp } from "../src/server/auth/totp";
import { createWorkspace, messageByText, newPerson, newSignedInPage, send, signIn, test, twoPeopleInAWorkspace } from "./helpers";

/** What the person's authenticator app shows for this key, `stepsAhead` 30-second steps from now. */
const codeFor = (key: string, stepsAhead = 0) => totp(base32Decode(key), Date.now() + stepsAhead * 30_000);

async function openProfileItem(page: Page, item: string) {
  await page.getByRole("button", { name: /Your profile and preferences/ }).click();
  await page.getByRole("menuitem", { name: item }).click();
}

test("two-factor from the Security dialog, a sign-in with a code, and a session ended from the other device", async ({ browser }) => {
  const ana = newPerson("Ana");
  const laptop = await newSignedInPage(browser, ana);
  await createWorkspace(laptop, `Secure ${Date.now()}`);

  await openProfileItem(laptop, "Security");
  const dialog = laptop.getByRole("dialog", { name: "Security" });
  await dialog.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await expect(dialog.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await expect(dialog.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  const key = await dialog.getByRole("textbox", { name: "Setup key" }).inputValue();
  await dialog.getByLabel("3. Enter the 6-digit code the app shows").fill("000000");
  await dialog.getByRole("button", { name: "Turn on" }).click();
  await expect(dialog.getByText(/That code is not right/)).toBeVisible();
  await dialog.getByLabel("3. Enter the 6-digit code the app shows").fill(codeFor(key));
  await dialog.getByRole("button", { name: "Turn on" }).click();
  await expect(dialog.getByText(/since/)).toBeVisible();
  await expect(dialog.getByText("10 recovery codes left.")).toBeVisible();
  await laptop.screenshot({ path: "test-results/security-dialog.png" });
  await laptop.keyboard.press("Escape");

  // The phone signs in: the password alone is not enough.
  const phone = await (await browser.newContext({ userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1" })).newPage();
  await phone.goto("/signin");
  await signIn(phone, ana);
  const code = phone.getByLabel("Authentication code");
  await expect(code).toBeFocused();
  await code.fill("123456");
  await phone.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(phone.getByText(/That code is not right/)).toBeVisible();
  await code.fill(codeFor(key, 1));
  await phone.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(phone.getByRole("heading", { level: 1, name: "general" })).toBeVisible();

  // From the laptop, the phone's session is listed and ended; the phone's open tab goes to sign-in by itself.
  await openProfileItem(laptop, "Security");
  const sessions = laptop.getByRole("list", { name: "Sessions" });
  await expect(sessions.getByRole("listitem")).toHaveCount(2);
  await expect(sessions.getByText("This device")).toBeVisible();
  await sessions.getByRole("button", { name: /^Sign out Safari on iOS/ }).click();
  await expect(sessions.getByRole("listitem")).toHaveCount(1);
  await expect(phone).toHaveURL(/\/signin\?ended=1/, { timeout: 10_000 });
  await expect(phone.getByText("You were signed out of this session.")).toBeVisible();
});

test("deactivating a member signs their open tab out within seconds; reactivated, they are back in", async ({ browser }) => {
  const { ben, anaPage, benPage } = await twoPeopleInAWorkspace(browser);
  await send(benPage, "a message from Ben");
  await expect(messageByText(anaPage, "a message from Ben")).toBeVisible();

  await anaPage.goto(anaPage.url().replace(/\/c\/.*/, "/settings"));
  const members = anaPage.getByRole("list", { name: "Members and roles" });
  await anaPage.getByRole("searchbox", { name: "Search members" }).fill("Ben");
  await expect(members.getByRole("listitem")).toHaveCount(1);
  await members.getByRole("button", { name: `Deactivate ${ben.name}` }).click();
  const deactivatedAt = Date.now();
  await anaPage.getByRole("dialog").getByRole("button", { name: "Deactivate" }).click();
  await expect(benPage).toHaveURL(/\/signin/, { timeout: 10_000 });
  expect(Date.now() - deactivatedAt).toBeLessThan(10_000);

  await signIn(benPage, ben);
  await expect(benPage.getByText(/Your account was deactivated/)).toBeVisible();

  // Ben's message stays, marked.
  await anaPage.getByRole("searchbox", { name: "Search members" }).fill("");
  await anaPage.getByLabel("Filter by status").selectOption("deactivated");
  await expect(members.getByRole("listitem")).toHaveCount(1);
  await anaPage.screenshot({ path: "test-results/members-deactivated.png" });
  await members.getByRole("button", { name: `Reactivate ${ben.name}` }).click();
  await expect(members.getByRole("listitem")).toHaveCount(0);

  await signIn(benPage, ben);
  await expect(benPage.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  await expect(messageByText(benPage, "a message from Ben")).toBeVisible();
});

test("a user group's handle autocompletes and mentions its people", async ({ browser }) => {
  const { ben, anaPage, benPage } = await twoPeopleInAWorkspace(browser);
  const general = anaPage.url();
  await anaPage.goto(anaPage.url().replace(/\/c\/.*/, "/settings"));
  await anaPage.getByRole("button", { name: "Create a group" }).click();
  const dialog = anaPage.getByRole("dialog", { name: "Create a user group" });
  await dialog.getByLabel("Handle").fill("design-team");
  await dialog.getByLabel("Name", { exact: true }).fill("Design team");
  await dialog.getByLabel(ben.name).check();
  await dialog.getByRole("button", { name: "Create group" }).click();
  await expect(anaPage.getByRole("list", { name: "User groups" }).getByText("@design-team")).toBeVisible();

  await anaPage.goto(general);
  const box = anaPage.getByRole("textbox", { name: /^Message / });
  await box.fill("@design");
  await anaPage.getByRole("listbox", { name: "People to mention" }).getByRole("option", { name: /@design-team/ }).click();
  await box.press("End");
  await box.pressSequentially("please review");
  await box.press("Enter");
  await expect(messageByText(anaPage, "please review").getByText("@design-team")).toBeVisible();
  await expect(messageByText(benPage, "please review").getByText("@design-team")).toBeVisible();
});

test("an admin exports the workspace and imports the zip into another, watching both finish", async ({ browser }) => {
  const { anaPage } = await twoPeopleInAWorkspace(browser);
  await send(anaPage, "a message to carry over");
  const settings = anaPage.url().replace(/\/c\/.*/, "/settings");
  await anaPage.goto(settings);
  const section = anaPage.getByRole("region", { name: "Export and import" });
  await section.getByRole("button", { name: "Export workspace" }).click();
  const transfers = section.getByRole("list", { name: "Exports and imports" });
  const download = transfers.getByRole("link", { name: /^Download/ });
  await expect(download).toBeVisible({ timeout: 30_000 });
  const [file] = await Promise.all([anaPage.waitForEvent("download"), download.click()]);
  const zipPath = await file.path();

  await createWorkspace(anaPage, `Imported ${Date.now()}`);
  await anaPage.goto(anaPage.url().replace(/\/c\/.*/, "/settings"));
  await anaPage.getByLabel("Slack export zip").setInputFiles(zipPath);
  const imported = anaPage.getByRole("region", { name: "Export and import" }).getByRole("list", { name: "Exports and imports" });
  await expect(imported.getByText("Done")).toBeVisible({ timeout: 30_000 });
  await expect(imported.getByText(/\d+ messages?\b/)).toBeVisible();
  await anaPage.getByRole("region", { name: "Export and import" }).screenshot({ path: "test-results/settings-transfers.png" });
  await anaPage.getByRole("region", { name: "Data retention" }).screenshot({ path: "test-results/settings-retention.png" });
  await anaPage.getByRole("link", { name: "Back to channels" }).click();
  await expect(messageByText(anaPage, "a message to carry over")).toBeVisible();
});
