import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewFor } from "../../src/server/previews/link-preview";
import { FetchRefused, safeFetch } from "../../src/server/outbound/safe-fetch";
import { topics } from "../../src/shared/events";
import { linksIn } from "../../src/shared/previews";
import { TEST_PREVIEW_PORT } from "../setup/env";
import { sessionCookie, startDoorServer } from "./door-server";
import { callerFor, eventually, expectTrpcError, recordTopic, workspaceWithMember } from "./factories";

// The linked site, on the one loopback port the test setting allows; and a "private service" on another port.
const hits: string[] = [];
let site: Server;
let privateService: Server;
let privatePort = 0;
let doors: Awaited<ReturnType<typeof startDoorServer>>;
const siteUrl = (path: string) => `http://127.0.0.1:${TEST_PREVIEW_PORT}${path}`;

beforeAll(async () => {
  const logo = await sharp({ create: { width: 40, height: 40, channels: 3, background: "#f59e0b" } }).png().toBuffer();
  privateService = createServer((_req, res) => res.end("<title>Internal admin</title>"));
  await new Promise<void>((resolve) => privateService.listen(0, "127.0.0.1", resolve));
  privatePort = (privateService.address() as AddressInfo).port;
  site = createServer((req, res) => {
    hits.push(req.url!);
    if (req.url === "/article") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return void res.end(`<!doctype html><html><head><title>Fallback</title>
        <meta property="og:title" content="Release notes &amp; more"><meta property="og:description" content="What shipped this week.">
        <meta property="og:site_name" content="Example Blog"><meta property="og:image" content="/logo.png"></head><body>…</body></html>`);
    }
    if (req.url === "/logo.png") return void res.writeHead(200, { "content-type": "image/png" }).end(logo);
    if (req.url === "/to-private") return void res.writeHead(302, { location: `http://127.0.0.1:${privatePort}/` }).end();
    if (req.url === "/to-metadata") return void res.writeHead(301, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    if (req.url === "/huge") {
      res.writeHead(200, { "content-type": "text/html" });
      return void res.end(`<html><head>${"<meta name=x content=y>".repeat(60_000)}<title>Past the first megabyte</title></head></html>`);
    }
    if (req.url === "/slow") return; // Never answers.
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => site.listen(TEST_PREVIEW_PORT, "127.0.0.1", resolve));
  doors = await startDoorServer();
});

afterAll(async () => {
  site.closeAllConnections();
  await Promise.all([new Promise((resolve) => site.close(resolve)), new Promise((resolve) => privateService.close(resolve)), doors.close()]);
});

async function refused(url: string) {
  return safeFetch(url, { maxBytes: 1024, accept: "text/html" }).then(
    () => "fetched",
    (error: unknown) => (error instanceof FetchRefused ? "refused" : `failed: ${(error as Error).message}`),
  );
}

describe("link previews", () => {
  it("finds a message's links in order, without code or trailing punctuation", () => {
    expect(linksIn("See https://a.example/x, and (https://b.example/y). `https://code.example` https://a.example/x")).toEqual(["https://a.example/x", "https://b.example/y"]);
  });

  it("shows a preview live for everyone, fetched once per URL, with its image through our proxy", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const { events, stop } = recordTopic(topics.channel(general));
    const message = await callerFor(owner.id).messages.send({ channelId: general, body: `Read ${siteUrl("/article")}!`, clientNonce: crypto.randomUUID() });
    await eventually(() => expect(events.some((event) => event.type === "message.updated" && event.message.id === message.id && event.message.previews.length === 1)).toBe(true));
    stop();
    const [history] = [(await callerFor(member.id).messages.history({ channelId: general })).messages.find((m) => m.id === message.id)!];
    expect(history.previews).toEqual([
      { url: siteUrl("/article"), title: "Release notes & more", description: "What shipped this week.", siteName: "Example Blog", imageUrl: expect.stringMatching(/^\/api\/previews\/image\?src=/) },
    ]);

    // The proxy serves the image it signed to anyone signed in; not a URL it did not sign.
    const cookie = await sessionCookie(member.id);
    const image = await fetch(`http://${doors.host}${history.previews[0]!.imageUrl}`, { headers: { cookie } });
    expect([image.status, image.headers.get("content-type")]).toEqual([200, "image/png"]);
    const forged = await fetch(`http://${doors.host}/api/previews/image?src=${encodeURIComponent(`http://127.0.0.1:${privatePort}/`)}&sig=forged`, { headers: { cookie } });
    expect(forged.status).toBe(404);

    // A second message with the same link: the cached preview, no second visit.
    const before = hits.filter((url) => url === "/article").length;
    const again = await callerFor(member.id).messages.send({ channelId: general, body: siteUrl("/article"), clientNonce: crypto.randomUUID() });
    await eventually(async () => expect((await callerFor(member.id).messages.history({ channelId: general })).messages.find((m) => m.id === again.id)!.previews).toHaveLength(1));
    expect(hits.filter((url) => url === "/article").length).toBe(before);

    // Its author removes the preview, for everyone; nobody else may.
    await expectTrpcError(callerFor(member.id).messages.removePreview({ messageId: message.id, url: siteUrl("/article") }), "FORBIDDEN");
    expect((await callerFor(owner.id).messages.removePreview({ messageId: message.id, url: siteUrl("/article") })).previews).toEqual([]);
  });

  it("refuses loopback, private, link-local and metadata addresses, before and after DNS and redirects", async () => {
    expect(await refused(`http://127.0.0.1:${privatePort}/`)).toBe("refused");
    expect(await refused(`http://localhost:${privatePort}/`)).toBe("refused");
    expect(await refused("http://169.254.169.254/latest/meta-data/")).toBe("refused");
    expect(await refused("http://[::1]:80/")).toBe("refused");
    expect(await refused("http://10.0.0.7/")).toBe("refused");
    expect(await refused("http://0.0.0.0/")).toBe("refused");
    expect(await refused(siteUrl("/to-private"))).toBe("refused");
    expect(await refused(siteUrl("/to-metadata"))).toBe("refused");
    expect(await refused("file:///etc/passwd")).toBe("refused");
    // The allowed test page itself is fetched: the refusals above are the guard, not a broken fetcher.
    expect(await refused(siteUrl("/article"))).toBe("fetched");
    expect(await previewFor(siteUrl("/to-private"))).toMatchObject({ ok: false, title: null });
  });

  it("reads at most one megabyte and gives up after five seconds", async () => {
    expect(await previewFor(siteUrl("/huge"))).toMatchObject({ ok: false });
    await expect(safeFetch(siteUrl("/slow"), { maxBytes: 1024, accept: "text/html" })).rejects.toThrow(new FetchRefused("Timed out"));
  }, 15_000);
});
