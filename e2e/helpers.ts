import { type Browser, type BrowserContextOptions, type Locator, type Page, test as base, expect } from "@playwright/test";

let counter = 0;

/** A person unique to this run, so the suite never depends on what an earlier run left behind. */
export function newPerson(first: string) {
  const id = `${Date.now().toString(36)}${(counter++).toString(36)}`;
  return { name: `${first} Tester`, email: `${first.toLowerCase()}.${id}@example.test`, password: `correct-horse-${id}` };
}

export type Person = ReturnType<typeof newPerson>;

export async function signUp(page: Page, person: Person) {
  await page.getByLabel("Full name").fill(person.name);
  await page.getByLabel("Work email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function signIn(page: Page, person: Person) {
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function newSignedInPage(browser: Browser, person: Person, contextOptions: BrowserContextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  await page.goto("/signup");
  await signUp(page, person);
  await expect(page).toHaveURL(/\/new$/);
  return page;
}

export async function createWorkspace(page: Page, name: string) {
  await page.goto("/new");
  await page.getByLabel("Workspace name").fill(name);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  return page.url();
}

export async function createInviteLink(page: Page, options: { role?: string } = {}) {
  await page.getByRole("complementary", { name: "Sidebar" }).getByRole("button", { name: "Invite people" }).click();
  const dialog = page.getByRole("dialog");
  if (options.role) await dialog.getByLabel("Join as").selectOption(options.role);
  await dialog.getByRole("button", { name: "Create invite link" }).click();
  const link = await dialog.getByRole("textbox", { name: "Invite link" }).inputValue();
  await dialog.getByRole("button", { name: "Done" }).click();
  return link;
}

/**
 * Ana owns a new workspace; Ben joined it through an invite link. Both are looking at #general. Their browsers are
 * the suite's server's unless `contextOptions` point elsewhere (another origin, through a proxy).
 */
export async function twoPeopleInAWorkspace(browser: Browser, contextOptions: BrowserContextOptions = {}) {
  const ana = newPerson("Ana");
  const ben = newPerson("Ben");
  const anaPage = await newSignedInPage(browser, ana, contextOptions);
  const generalUrl = await createWorkspace(anaPage, `Team ${Date.now()}`);
  const link = await createInviteLink(anaPage);
  const benPage = await (await browser.newContext(contextOptions)).newPage();
  await benPage.goto(link);
  await benPage.getByRole("link", { name: "Create an account to join" }).click();
  await signUp(benPage, ben);
  await benPage.getByRole("button", { name: /^Join Team/ }).click();
  await expect(benPage.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  return { ana, ben, anaPage, benPage, generalUrl };
}

export async function send(page: Page, text: string) {
  const box = page.getByRole("textbox", { name: /^Message / });
  await box.fill(text);
  await box.press("Enter");
}

/**
 * A message's hover action, as a person reaches it: pointer over the row, then the button. Hovered again until it
 * takes: a row that re-renders under a still pointer (a reply count, a receipt arriving) drops its hover state.
 */
export async function messageAction(row: Locator, name: string) {
  await expect(async () => {
    await row.hover();
    await row.getByRole("button", { name }).click({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

export const messageLog = (page: Page) => page.getByRole("log", { name: /^Messages in / });
export const messageByText = (page: Page, text: string) => messageLog(page).getByRole("article").filter({ hasText: text });

/**
 * The suite's `test`: every browser context a test opened is closed when it ends, so pages (each with a live socket,
 * presence and timers) do not pile up and slow the journeys that run later.
 */
export const test = base.extend<{ closeContexts: void }>({
  closeContexts: [
    async ({ browser }, use) => {
      await use();
      await Promise.all(browser.contexts().map((context) => context.close().catch(() => undefined)));
    },
    { auto: true },
  ],
});
