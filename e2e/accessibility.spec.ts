import AxeBuilder from "@axe-core/playwright";
import { type Page, expect } from "@playwright/test";
import { createWorkspace, newPerson, newSignedInPage, test } from "./helpers";

async function expectNoViolations(page: Page, view: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((violation) => `${view}: ${violation.id} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`);
  expect(summary).toEqual([]);
  expect(results.passes.length, `${view}: axe checked something`).toBeGreaterThan(10);
}

test("the main views meet WCAG 2.1 AA in light and dark", async ({ browser }) => {
  const anonymous = await (await browser.newContext()).newPage();
  await anonymous.goto("/signin");
  await expectNoViolations(anonymous, "sign-in");
  await anonymous.goto("/signup");
  await expectNoViolations(anonymous, "sign-up");
  await anonymous.goto("/sso/error?reason=replayed");
  await expectNoViolations(anonymous, "SSO error");

  const page = await newSignedInPage(browser, newPerson("Axe"));
  await expectNoViolations(page, "new workspace");
  const channelUrl = await createWorkspace(page, `Axe ${Date.now()}`);
  for (const theme of ["light", "dark"] as const) {
    await page.evaluate((value) => localStorage.setItem("theme", value), theme);
    await page.goto(channelUrl);
    await expect(page.locator("html")).toHaveClass(new RegExp(theme));
    await page.getByRole("button", { name: /^Members: / }).click();
    await expect(page.getByRole("list", { name: "Channel members" }).getByRole("listitem")).toHaveCount(1);
    await expectNoViolations(page, `channel (${theme})`);
    await page.goto(channelUrl.replace(/\/c\/.*/, "/settings"));
    await expect(page.getByRole("list", { name: "Members and roles" }).getByRole("listitem")).toHaveCount(1);
    await expectNoViolations(page, `settings (${theme})`);
    await page.goto(channelUrl.replace(/\/c\/.*/, "/search?q=beginning"));
    await expect(page.getByText("Nothing matches “beginning”.")).toBeVisible();
    await expectNoViolations(page, `search (${theme})`);
    await page.goto(channelUrl.replace(/\/c\/.*/, "/files"));
    await expect(page.getByText("No files yet.")).toBeVisible();
    await expectNoViolations(page, `files (${theme})`);
  }
});
