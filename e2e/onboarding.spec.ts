import { expect } from "@playwright/test";
import { createInviteLink, createWorkspace, newPerson, newSignedInPage, signIn, signUp, test } from "./helpers";

test("sign up, create a workspace, invite a second person who joins live", async ({ browser }) => {
  const ana = newPerson("Ana");
  const ben = newPerson("Ben");
  const anaPage = await newSignedInPage(browser, ana);
  const workspaceUrl = await createWorkspace(anaPage, `Acme ${Date.now()}`);
  expect(workspaceUrl).toMatch(/\/w\/acme-\d+\/c\/[0-9a-f-]{36}$/);
  await expect(anaPage.getByText("This is the very beginning of #general")).toBeVisible();

  const link = await createInviteLink(anaPage);
  expect(link).toMatch(/\/invite\/[\w-]{20,}$/);
  await anaPage.getByRole("button", { name: /^Members: / }).click();
  const anaMembers = anaPage.getByRole("list", { name: "Channel members" });
  await expect(anaMembers.getByRole("listitem")).toHaveCount(1);

  const benContext = await browser.newContext();
  const benPage = await benContext.newPage();
  await benPage.goto(link);
  await expect(benPage.getByRole("heading", { name: /^Join Acme/ })).toBeVisible();
  await benPage.getByRole("link", { name: "Create an account to join" }).click();
  await signUp(benPage, ben);
  await expect(benPage).toHaveURL(/\/invite\//);
  await benPage.getByRole("button", { name: /^Join Acme/ }).click();
  await expect(benPage.getByRole("heading", { level: 1, name: "general" })).toBeVisible();

  // Ana never reloads: Ben appears through the event stream.
  await expect(anaMembers.getByRole("listitem")).toHaveCount(2);
  await expect(anaMembers.getByText(ben.name)).toBeVisible();

  // Ben renames himself; Ana's list follows, live.
  await benPage.getByRole("button", { name: /Your profile and preferences/ }).click();
  await benPage.getByRole("menuitem", { name: "Edit profile" }).click();
  await benPage.getByLabel("Display name").fill("Benjamin Tester");
  await benPage.getByRole("button", { name: "Save" }).click();
  await expect(anaMembers.getByText("Benjamin Tester")).toBeVisible();

  // Ben signs out and back in, and lands in the workspace he joined.
  await benPage.getByRole("button", { name: /Your profile and preferences/ }).click();
  await benPage.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(benPage).toHaveURL(/\/signin/);
  await signIn(benPage, ben);
  await expect(benPage.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
});

test("two workspaces, switching between them, and the theme", async ({ browser }) => {
  const cy = newPerson("Cy");
  const page = await newSignedInPage(browser, cy);
  const first = `First ${Date.now()}`;
  const second = `Second ${Date.now()}`;
  await createWorkspace(page, first);
  await createWorkspace(page, second);
  const rail = page.getByRole("navigation", { name: "Workspaces" });
  await expect(rail.getByRole("link", { name: second })).toHaveAttribute("aria-current", "page");
  await rail.getByRole("link", { name: first }).click();
  await expect(rail.getByRole("link", { name: first })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("button", { name: first, exact: true })).toBeVisible();

  await page.getByRole("button", { name: /Your profile and preferences/ }).click();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
});

test("sign-in and sign-up say what went wrong", async ({ page }) => {
  const dee = newPerson("Dee");
  await page.goto("/signup");
  await signUp(page, { ...dee, password: "short" });
  await expect(page.getByText("Use at least 8 characters")).toBeVisible();
  await signUp(page, dee);
  await expect(page).toHaveURL(/\/new$/);

  const other = await page.context().browser()!.newContext();
  const second = await other.newPage();
  await second.goto("/signup");
  await signUp(second, dee);
  await expect(second.getByText("An account with this email already exists")).toBeVisible();
  await second.goto("/signin");
  await signIn(second, { ...dee, password: "not-the-password" });
  await expect(second.getByText("That password is not right for this account")).toBeVisible();
});
