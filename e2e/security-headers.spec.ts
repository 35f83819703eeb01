import { expect } from "@playwright/test";
import { createWorkspace, newPerson, newSignedInPage, test } from "./helpers";

const EVERYWHERE = { "x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin" };

test("every kind of answer carries its security headers, and the app's CSP stops injected script in the browser", async ({ browser }) => {
  const page = await newSignedInPage(browser, newPerson("Ana"));
  const channelUrl = await createWorkspace(page, `Headers ${Date.now()}`);
  const channelId = channelUrl.split("/c/")[1]!;
  const request = page.context().request;
  const upload = await request.post(`/api/files?channelId=${channelId}&name=notes.txt`, { data: Buffer.from("plain text") });
  expect(upload.status()).toBe(201);
  const file = ((await upload.json()) as { file: { id: string } }).file;

  const pageTypes = {
    "a signed-in app page": channelUrl,
    "a public page": "/signin",
    "a page that does not exist": "/no-such-page",
  };
  const nonces = new Set<string>();
  for (const [what, url] of Object.entries(pageTypes)) {
    const headers = (await request.get(url)).headers();
    expect(headers, what).toMatchObject({ ...EVERYWHERE, "x-frame-options": "DENY", "cross-origin-opener-policy": "same-origin" });
    const policy = headers["content-security-policy"] ?? "";
    expect(policy, what).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    expect(policy, what).toContain("frame-ancestors 'none'");
    expect(policy, what).toContain("object-src 'none'");
    expect(policy, what).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    nonces.add(/'nonce-([^']+)'/.exec(policy)![1]!);
    expect(headers["permissions-policy"], what).toContain("camera=(self), microphone=(self), display-capture=(self)");
  }
  // A fresh nonce for every response.
  expect(nonces.size).toBe(Object.keys(pageTypes).length);

  const others = {
    "the API": "/api/trpc/users.me",
    "a file": `/api/files/${file.id}/notes.txt`,
    "the health check": "/api/health/ready",
    "the live-chat loader": "/widget.js",
  };
  for (const [what, url] of Object.entries(others)) expect((await request.get(url)).headers(), what).toMatchObject(EVERYWHERE);
  // Files keep their own lock-down: a sandbox, never the app's scripts.
  expect((await request.get(others["a file"])).headers()["content-security-policy"]).toContain("sandbox");

  // In the browser: the page works under its policy (Next's scripts and the theme script carry the nonce)...
  const violations: string[] = [];
  await page.exposeFunction("reportViolation", (directive: string) => void violations.push(directive));
  await page.addInitScript(() => document.addEventListener("securitypolicyviolation", (event) => void (window as unknown as { reportViolation: (d: string) => void }).reportViolation(`${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`)));
  await page.goto(channelUrl);
  await expect(page.getByRole("textbox", { name: /^Message / })).toBeEditable();
  expect(violations).toEqual([]);
  // ...while markup an attacker slipped in runs nothing: an inline event handler, and a javascript: link clicked.
  await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", `<img src="data:," onerror="window.__injected = 'handler'">`));
  await expect.poll(() => violations.map((violation) => violation.split(" ")[0])).toContain("script-src-attr");
  await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", `<a id="injected" href="javascript:window.__injected = 'link'">win a prize</a>`));
  await page.locator("#injected").click();
  await expect.poll(() => violations.map((violation) => violation.split(" ")[0])).toContain("script-src-elem");
  expect(await page.evaluate(() => (window as { __injected?: string }).__injected)).toBeUndefined();
});
