import { createServer, type Server } from "node:http";
import { expect } from "@playwright/test";
import sharp from "sharp";
import { messageByText, send, test, twoPeopleInAWorkspace } from "./helpers";

// A page on the one loopback port the server's test setting lets link previews reach (see playwright.config.ts).
const PREVIEW_PORT = 15499;
let site: Server;

test.beforeAll(async () => {
  const picture = await sharp({ create: { width: 120, height: 80, channels: 3, background: "#0ea5e9" } }).png().toBuffer();
  site = createServer((req, res) => {
    if (req.url === "/launch") {
      res.writeHead(200, { "content-type": "text/html" });
      return void res.end(`<html><head><meta property="og:title" content="Launch checklist"><meta property="og:description" content="Everything before we ship.">
        <meta property="og:site_name" content="Team Wiki"><meta property="og:image" content="/cover.png"></head></html>`);
    }
    if (req.url === "/cover.png") return void res.writeHead(200, { "content-type": "image/png" }).end(picture);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => site.listen(PREVIEW_PORT, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  site.closeAllConnections();
  await new Promise((resolve) => site.close(resolve));
});

test("files, link previews and search: attach, see it live, open it safely, find it, jump to it", async ({ browser }) => {
  const { anaPage, benPage } = await twoPeopleInAWorkspace(browser);
  const image = await sharp({ create: { width: 900, height: 600, channels: 3, background: "#4f46e5" } }).png().toBuffer();

  // Ana attaches two files with the paperclip's chooser: each shows in the tray, then she sends them with a line.
  const chooser = anaPage.waitForEvent("filechooser");
  await anaPage.getByRole("button", { name: "Attach files" }).click();
  await (await chooser).setFiles([
    { name: "roadmap.png", mimeType: "image/png", buffer: image },
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("Quarterly notes\n") },
  ]);
  const tray = anaPage.getByRole("list", { name: "Attachments" });
  await expect(tray.getByRole("button", { name: "Remove roadmap.png" })).toBeVisible();
  await expect(tray.getByRole("button", { name: "Remove notes.txt" })).toBeVisible();

  // A third one is still on its way (held back by the test) when Ana thinks better of it and cancels it.
  let release = () => undefined as void;
  await anaPage.route(/\/api\/files\?.*name=draft\.bin/, async (route) => {
    await new Promise<void>((resolve) => (release = resolve));
    await route.continue().catch(() => undefined);
  });
  const another = anaPage.waitForEvent("filechooser");
  await anaPage.getByRole("button", { name: "Attach files" }).click();
  await (await another).setFiles([{ name: "draft.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(300_000, 1) }]);
  await expect(tray.getByRole("progressbar", { name: "Uploading draft.bin" })).toBeVisible();
  await expect(anaPage.getByRole("button", { name: "Send message" })).toBeDisabled();
  await tray.getByRole("button", { name: "Cancel draft.bin" }).click();
  await expect(tray.getByText("draft.bin")).toBeHidden();
  release();
  await send(anaPage, "Roadmap and notes for the quarterly review");
  await expect(tray).toBeHidden();

  // Ben sees the thumbnail and the file card live, and opens the picture in the lightbox.
  const message = messageByText(benPage, "Roadmap and notes for the quarterly review");
  const thumbnail = message.getByRole("img", { name: "roadmap.png" });
  await expect(thumbnail).toBeVisible();
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(720);
  await expect(message.getByRole("link", { name: "Download notes.txt" })).toBeVisible();
  await message.getByRole("button", { name: "Open roadmap.png" }).click();
  const lightbox = benPage.getByRole("dialog", { name: "roadmap.png" });
  await expect.poll(() => lightbox.getByRole("img", { name: "roadmap.png" }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(900);
  await benPage.keyboard.press("Escape");

  // Files dropped on the message box: an HTML page with script named like a picture, and an SVG with script.
  // Opened, they run nothing.
  await anaPage.evaluate(`(() => {
    const data = new DataTransfer();
    data.items.add(new File(['<html><body><script>top.document.title = "pwned"; alert("pwned")</script></body></html>'], "cat.png", { type: "image/png" }));
    data.items.add(new File(['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>top.document.title = "pwned"; alert(2)</script></svg>'], "logo.svg", { type: "image/svg+xml" }));
    const box = document.querySelector('textarea[aria-label^="Message"]');
    for (const type of ["dragover", "drop"]) box.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
  })()`);
  await expect(tray.getByRole("button", { name: "Remove logo.svg" })).toBeVisible();
  // And one pasted into the box, as a screenshot would be.
  await anaPage.evaluate(`(() => {
    const data = new DataTransfer();
    data.items.add(new File(["pasted words"], "clipboard.txt", { type: "text/plain" }));
    document.querySelector('textarea[aria-label^="Message"]').dispatchEvent(new ClipboardEvent("paste", { bubbles: true, cancelable: true, clipboardData: data }));
  })()`);
  await expect(tray.getByRole("button", { name: "Remove clipboard.txt" })).toBeVisible();
  await send(anaPage, "A cat picture and our logo, supposedly");
  const hostile = messageByText(benPage, "A cat picture and our logo, supposedly");
  const dialogs: string[] = [];
  benPage.on("dialog", (dialog) => void (dialogs.push(dialog.message()), dialog.dismiss()));
  await expect(hostile.getByRole("link", { name: "Download clipboard.txt" })).toBeVisible();
  // Ben reads the message where it lands, so his title loses its unread mark: then it must not change at all.
  await expect(benPage).toHaveTitle(/^#general · /);
  const title = await benPage.title();
  for (const name of ["cat.png", "logo.svg"]) {
    const link = hostile.getByRole("link", { name: `Download ${name}` });
    await expect(link).toBeVisible();
    const href = (await link.getAttribute("href"))!;
    // Framed, and opened directly: a download each time, never a page of ours running its script.
    await benPage.evaluate(`(() => { const frame = document.createElement("iframe"); frame.src = ${JSON.stringify(href)}; document.body.append(frame); })()`);
    const download = benPage.waitForEvent("download");
    await benPage.evaluate(`window.open(${JSON.stringify(href)}, "_self")`).catch(() => undefined);
    expect((await download).suggestedFilename()).toBe(name);
  }
  await benPage.waitForTimeout(500);
  expect(dialogs).toEqual([]);
  expect(await benPage.title()).toBe(title);

  // A link gets a preview, live for Ben; Ana removes it, and it goes for Ben too.
  await send(anaPage, `Before launch read http://127.0.0.1:${PREVIEW_PORT}/launch please`);
  const linked = messageByText(benPage, "Before launch read");
  const preview = linked.getByRole("article", { name: "Preview of Launch checklist" });
  await expect(preview).toContainText("Team Wiki");
  await expect(preview).toContainText("Everything before we ship.");
  await expect.poll(() => preview.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(120);
  await messageByText(anaPage, "Before launch read").getByRole("button", { name: "Remove preview of Launch checklist" }).click();
  await expect(preview).toBeHidden();

  // Ben searches for part of a word, sees the match marked, and jumps to the message in its channel.
  await benPage.getByRole("link", { name: "Search" }).click();
  await benPage.getByRole("searchbox", { name: "Search messages and files" }).fill("quarter");
  const results = benPage.getByRole("list", { name: "Message results" });
  await expect(results.getByRole("link")).toHaveCount(1);
  await expect(results.locator("mark")).toHaveText("quarter");
  await benPage.getByRole("searchbox", { name: "Search messages and files" }).fill("notes");
  await expect(benPage.getByRole("region", { name: "Files" }).getByRole("link", { name: "Download notes.txt" })).toBeVisible();
  await benPage.getByRole("searchbox", { name: "Search messages and files" }).fill("quarter in:#general has:file");
  await expect(results.getByRole("link")).toHaveCount(1);
  await results.getByRole("link").click();
  await expect(benPage.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  await expect(benPage).toHaveURL(/\?message=/);
  await expect(messageByText(benPage, "Roadmap and notes for the quarterly review")).toHaveClass(/bg-accent-soft/);

  // The workspace's files, and this channel's.
  await benPage.getByRole("link", { name: "Files in this conversation" }).click();
  await expect(benPage.getByRole("list", { name: "Files" }).getByRole("listitem")).toHaveCount(5);
});
