import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { readFileSync } from "node:fs";
import { expect, type FrameLocator, type Page } from "@playwright/test";
import sharp from "sharp";
import { linkIn, startMailServer } from "../tests/integration/mail-server";
import { gzippedBytes } from "./bundle-size";
import { createWorkspace, messageByText, newPerson, newSignedInPage, signIn, test } from "./helpers";

/**
 * A company's website on another origin (127.0.0.2, and 127.0.0.3 for a site that is not allowed), serving a page
 * with the snippet an admin copied from Confab's settings, and a stylesheet that would ruin anything it reached.
 */
async function customerWebsite(host: string) {
  const page = { snippet: "" };
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><head><title>Shop</title><style>* { color: red !important; font-size: 40px !important; } iframe { display: none !important; }</style></head>
<body><h1>Our shop</h1>${page.snippet}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { origin: `http://${host}:${(server.address() as AddressInfo).port}`, server, page };
}

const chat = (page: Page): FrameLocator => page.frameLocator('iframe[title="Chat"]');

async function openChat(page: Page) {
  await page.getByRole("button", { name: "Open chat" }).click();
  await expect(chat(page).getByRole("heading", { level: 1 })).toBeVisible();
}

test("a website's visitor gets help live, and by email when nobody is there; agents answer from Confab", async ({ browser }) => {
  test.setTimeout(180_000);
  const mail = await startMailServer(15525);
  const ana = newPerson("Ana");
  const anaPage = await newSignedInPage(browser, ana);
  const workspaceUrl = await createWorkspace(anaPage, `Shop ${Date.now()}`);
  const slug = new URL(workspaceUrl).pathname.split("/")[2]!;
  const sites: Server[] = [];
  try {
    // Ana sets up an inbox for her website and copies its snippet.
    const site = await customerWebsite("127.0.0.2");
    sites.push(site.server);
    const siteOrigin = site.origin;
    await anaPage.goto(`/w/${slug}/settings`);
    const support = anaPage.getByRole("region", { name: "Support" });
    await support.getByRole("button", { name: "New inbox" }).click();
    const dialog = anaPage.getByRole("dialog", { name: "New support inbox" });
    await dialog.getByRole("textbox", { name: "Name", exact: true }).fill("Shop help");
    await dialog.getByLabel("Websites").fill(siteOrigin);
    await dialog.getByRole("checkbox", { name: new RegExp(ana.name) }).check();
    // Automatic assignment off: new conversations wait in Unassigned for someone to take them.
    await dialog.getByLabel("Conversations each person is given automatically").fill("0");
    await dialog.getByRole("button", { name: "Create inbox" }).click();
    await expect(dialog).toBeHidden();
    const snippet = await support.getByRole("textbox", { name: "Snippet for your website" }).inputValue();
    expect(snippet).toMatch(/^<script src="http:\/\/127\.0\.0\.1:\d+\/widget\.js" data-inbox="cfw\w+" async><\/script>$/);

    site.page.snippet = snippet;

    // Ana watches the Support section while a visitor arrives.
    await anaPage.goto(`/w/${slug}/support?view=unassigned`);
    const sidebar = anaPage.getByRole("complementary", { name: "Sidebar" });
    await expect(sidebar.getByRole("link", { name: "Unassigned, 0 conversations" })).toBeVisible();

    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${siteOrigin}/`);
    await openChat(visitor);
    const widget = chat(visitor);
    await expect(widget.getByText("We're online")).toBeVisible();
    await expect(widget.getByText("Hi! How can we help?")).toBeVisible();
    await widget.getByRole("button", { name: "Start a conversation" }).click();
    const xss = `Vera <img src=x onerror="window.__xss=1">`;
    await widget.getByLabel("Your name").fill(xss);
    await widget.getByLabel("Email (optional)").fill("vera@example.test");
    await widget.getByLabel("How can we help?").fill("Where is my order? <script>window.__xss=2</script>");
    await widget.getByRole("button", { name: "Send" }).click();
    await expect(widget.getByRole("list", { name: "Messages" }).getByText("Where is my order?")).toBeVisible();

    // Live, unassigned; Ana opens it and takes it.
    await expect(sidebar.getByRole("link", { name: "Unassigned, 1 conversation" })).toBeVisible();
    await anaPage.getByRole("list", { name: "Unassigned conversations" }).getByRole("link", { name: /Vera/ }).click();
    await expect(anaPage.getByRole("heading", { level: 1, name: xss })).toBeVisible();
    await expect(messageByText(anaPage, "Where is my order?")).toBeVisible();
    const panel = anaPage.getByRole("complementary", { name: "Visitor" });
    await expect(panel.getByText("vera@example.test")).toBeVisible();
    await expect(panel.getByText(`${siteOrigin}/`)).toBeVisible();
    await expect(panel.getByText(/Chrom(e|ium) \d+ on Linux/)).toBeVisible();
    await anaPage.getByRole("button", { name: /^Assigned to nobody/ }).click();
    await anaPage.getByRole("menuitem", { name: "Assign to me" }).click();
    await expect(anaPage.getByRole("button", { name: new RegExp(`^Assigned to ${ana.name}`) })).toBeVisible();
    await expect(sidebar.getByRole("link", { name: "Mine, 1 conversation" })).toBeVisible();
    // Nothing a visitor wrote ran in Ana's tab.
    expect(await anaPage.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

    // Typing, both ways.
    const box = anaPage.getByRole("textbox", { name: /^Reply to Vera/ });
    await box.pressSequentially("On its");
    await expect(widget.getByText(`${ana.name.split(" ")[0]} is typing…`)).toBeVisible();
    await widget.getByRole("textbox", { name: "Message" }).pressSequentially("Thanks");
    await expect(anaPage.getByText(/Vera .* is typing/)).toBeVisible();
    await widget.getByRole("textbox", { name: "Message" }).fill("");

    // Ana answers; the visitor sees it live, and again after a reload.
    await box.fill("On its way, it ships **today**");
    await box.press("Enter");
    await expect(widget.getByText("On its way, it ships")).toBeVisible();
    await expect(widget.locator("strong", { hasText: "today" })).toBeVisible();
    // A note for the team: never in the widget.
    await anaPage.getByRole("radio", { name: "Internal note" }).click();
    const noteBox = anaPage.getByRole("textbox", { name: /Write a note for your team/ });
    await noteBox.fill("VIP customer, be nice");
    await noteBox.press("Enter");
    await expect(messageByText(anaPage, "VIP customer, be nice").getByText("Internal note")).toBeVisible();
    await anaPage.getByRole("radio", { name: /^Reply to/ }).click();
    await box.fill("Anything else?");
    await box.press("Enter");
    await expect(widget.getByText("Anything else?")).toBeVisible();
    await expect(widget.getByText("VIP customer")).toHaveCount(0);
    // Seen: the visitor read Ana's answer.
    await expect(anaPage.getByText("Seen by Vera", { exact: false })).toBeVisible();

    // The visitor sends a screenshot: checked and stored as members' uploads are; Ana sees the picture, and so does the widget.
    const screenshot = await sharp({ create: { width: 400, height: 240, channels: 3, background: "#0ea5e9" } }).png().toBuffer();
    await widget.getByLabel("Files to attach").setInputFiles({ name: "screenshot.png", mimeType: "image/png", buffer: screenshot });
    await expect(widget.getByRole("list", { name: "Attachments" }).getByText("screenshot.png")).toBeVisible();
    await widget.getByRole("textbox", { name: "Message" }).fill("Here is what I see");
    await widget.getByRole("button", { name: "Send" }).click();
    await expect(widget.getByRole("img", { name: "screenshot.png" })).toBeVisible();
    await expect(messageByText(anaPage, "Here is what I see").getByRole("img", { name: "screenshot.png" })).toBeVisible();
    expect(await messageByText(anaPage, "Here is what I see").getByRole("img", { name: "screenshot.png" }).evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);

    // A reload (or another page of the site) keeps the conversation, and the chat stays open as it was.
    await visitor.reload();
    await expect(visitor.getByRole("button", { name: "Close chat" })).toBeVisible();
    await expect(widget.getByText("On its way, it ships")).toBeVisible();
    await expect(widget.getByText("Where is my order?")).toBeVisible();
    await expect(widget.getByText("VIP customer")).toHaveCount(0);
    // The host page's stylesheet reached none of it.
    expect(await widget.getByText("Anything else?").evaluate((element) => getComputedStyle(element).color)).not.toBe("rgb(255, 0, 0)");

    // Ana closes it: the visitor rates it and asks for the transcript, which arrives through a real SMTP server.
    await anaPage.getByRole("button", { name: "Close", exact: true }).click();
    await expect(widget.getByText("This conversation is closed.")).toBeVisible();
    await widget.getByRole("button", { name: "5 out of 5" }).click();
    await expect(widget.getByRole("button", { name: "5 out of 5" })).toHaveAttribute("aria-pressed", "true");
    await widget.getByRole("button", { name: "Email me the transcript" }).click();
    await expect(widget.getByText("The transcript is on its way to vera@example.test.")).toBeVisible();
    await expect.poll(() => mail.to("vera@example.test").find((email) => email.subject?.startsWith("Your conversation with Shop help"))?.text ?? "").toContain("On its way, it ships **today**");
    expect(mail.to("vera@example.test").find((email) => email.subject?.startsWith("Your conversation with Shop help"))!.text).not.toContain("VIP customer");

    // A site not on the inbox's list cannot show the widget: the browser refuses the frame.
    const stranger = await customerWebsite("127.0.0.3");
    stranger.page.snippet = snippet;
    sites.push(stranger.server);
    const elsewhere = await (await browser.newContext()).newPage();
    await elsewhere.goto(`${stranger.origin}/`);
    await expect.poll(() => elsewhere.frames().find((frame) => frame !== elsewhere.mainFrame())?.url()).toBe("chrome-error://chromewebdata/");
    await expect(chat(elsewhere).getByRole("heading", { level: 1 })).toHaveCount(0);
    await elsewhere.context().close();

    // Nobody there: Ana signs off. A new visitor leaves a message and an email.
    await anaPage.context().close();
    const late = await (await browser.newContext()).newPage();
    await late.goto(`${siteOrigin}/`);
    await openChat(late);
    const lateWidget = chat(late);
    await expect(lateWidget.getByText(/Nobody is here right now/)).toBeVisible({ timeout: 20_000 });
    await lateWidget.getByRole("button", { name: "Start a conversation" }).click();
    await lateWidget.getByLabel("Your name").fill("Olga Offline");
    await lateWidget.getByLabel("How can we help?").fill("Do you ship to Norway?");
    await lateWidget.getByRole("button", { name: "Send" }).click();
    await expect(lateWidget.getByText("leave your email")).toBeVisible();
    await lateWidget.getByLabel("Email").fill("olga@example.test");
    await lateWidget.getByRole("button", { name: "Send" }).click();
    await expect(lateWidget.getByText("Do you ship to Norway?")).toBeVisible();
    await late.context().close();

    // Ana comes back and answers; the visitor, gone, gets it by email and answers the email.
    const anaAgain = await (await browser.newContext()).newPage();
    await anaAgain.goto("/signin");
    await signIn(anaAgain, ana);
    await expect(anaAgain).not.toHaveURL(/\/signin/);
    await anaAgain.goto(`/w/${slug}/support?view=unassigned`);
    await anaAgain.getByRole("list", { name: "Unassigned conversations" }).getByRole("link", { name: /Olga Offline/ }).click();
    const replyBox = anaAgain.getByRole("textbox", { name: /^Reply to Olga/ });
    await replyBox.fill("Yes, we ship to Norway");
    await replyBox.press("Enter");
    await expect.poll(() => mail.to("olga@example.test").length, { timeout: 30_000 }).toBe(1);
    const answer = mail.to("olga@example.test")[0]!;
    expect(answer.subject).toBe("New reply from Shop help");
    expect(answer.text).toContain("Yes, we ship to Norway");
    const replyTo = answer.replyTo!.value[0]!.address!;
    const continueLink = linkIn(answer.text, `${new URL(anaAgain.url()).origin}/widget/`);
    const raw = [`From: Olga Offline <olga@example.test>`, `To: ${replyTo}`, `Subject: Re: ${answer.subject}`, `Message-ID: <${Date.now()}@example.test>`, "", "Great, ordering now!", "", "On Mon, Dec 7, 2026 Shop help wrote:", "> Yes, we ship to Norway"].join("\r\n");
    const delivered = await anaAgain.request.post("/api/support/inbound-email", { headers: { authorization: "Bearer e2e-inbound-secret-e2e-inbound", "content-type": "message/rfc822" }, data: raw });
    expect(delivered.status()).toBe(200);
    await expect(messageByText(anaAgain, "Great, ordering now!")).toBeVisible();
    await expect(anaAgain.getByText("Yes, we ship to Norway")).toBeVisible();

    // The email's link opens the chat on its own, in the same conversation.
    const fromEmail = await (await browser.newContext()).newPage();
    await fromEmail.goto(continueLink);
    await expect(fromEmail.getByText("Great, ordering now!")).toBeVisible();
    await expect(fromEmail.getByText("Yes, we ship to Norway")).toBeVisible();
    expect(fromEmail.url()).not.toContain("resume=");
  } finally {
    for (const site of sites) site.close();
    await mail.close();
  }
});

test("the loader and the widget stay within their size budgets", () => {
  const loader = gzippedBytes(path.join(process.cwd(), "src/widget/loader.js"));
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next/confab-widget/manifest.json"), "utf8")) as { js: string; css: string };
  const widget = gzippedBytes(path.join(process.cwd(), ".next/confab-widget", manifest.js)) + gzippedBytes(path.join(process.cwd(), ".next/confab-widget", manifest.css));
  console.log(`loader ${(loader / 1024).toFixed(1)} KB gzipped (budget 10 KB); widget first load ${(widget / 1024).toFixed(1)} KB gzipped (budget 150 KB)`);
  expect(loader).toBeLessThan(10 * 1024);
  expect(widget).toBeLessThan(150 * 1024);
});
