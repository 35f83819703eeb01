import { readdir } from "node:fs/promises";
import { request } from "node:http";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../../src/env";
import { db } from "../../src/server/db/client";
import { files, workspaces } from "../../src/server/db/schema";
import type { FileView } from "../../src/shared/files";
import { sessionCookie, startDoorServer } from "./door-server";
import { callerFor, eventually, expectTrpcError, makeUser, tableSizes, workspaceWithMember } from "./factories";

// Uploads and downloads over real HTTP through the app's file door, with real session cookies and real storage.
let doors: Awaited<ReturnType<typeof startDoorServer>>;
beforeAll(async () => {
  doors = await startDoorServer();
});
afterAll(() => doors.close());

const nonce = () => crypto.randomUUID();
const png = (width = 64, height = 48) => sharp({ create: { width, height, channels: 3, background: "#4f46e5" } }).png().toBuffer();

async function upload(userId: string, channelId: string, name: string, bytes: Buffer | string) {
  const response = await fetch(`http://${doors.host}/api/files?channelId=${channelId}&name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { cookie: await sessionCookie(userId), "content-type": "application/octet-stream" },
    body: new Uint8Array(typeof bytes === "string" ? Buffer.from(bytes) : bytes),
  });
  return { status: response.status, body: (await response.json()) as { file: FileView; error?: string } & { error?: string } };
}

async function download(userId: string | null, url: string, headers: Record<string, string> = {}) {
  return fetch(`http://${doors.host}${url}`, { headers: { ...(userId && { cookie: await sessionCookie(userId) }), ...headers } });
}

/** Everything in file storage, so a refusal can be shown to leave nothing behind. */
async function storedFiles(): Promise<string[]> {
  const root = path.join(env().dataDir, "files");
  return (await readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])).filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe("files", () => {
  it("uploads an image with a thumbnail, keeps it to the uploader until sent, then serves it to the channel only", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const secret = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: `secret-${nonce().slice(0, 6)}`, kind: "private" });
    const { status, body } = await upload(owner.id, secret.id, "diagram.png", await png(1200, 900));
    expect(status).toBe(201);
    expect(body.file).toMatchObject({ name: "diagram.png", kind: "image", mimeType: "image/png", width: 1200, height: 900, hasThumbnail: true, messageId: null });
    const url = `/api/files/${body.file.id}/diagram.png`;

    // Not sent yet: only its uploader sees it.
    expect((await download(owner.id, url)).status).toBe(200);
    expect((await download(member.id, url)).status).toBe(404);
    const message = await callerFor(owner.id).messages.send({ channelId: secret.id, body: "", fileIds: [body.file.id], clientNonce: nonce() });
    expect(message.files).toEqual([expect.objectContaining({ id: body.file.id, messageId: message.id })]);

    // Sent into a private channel: its members only; outsiders get NOT_FOUND, the signed-out 401.
    expect((await download(member.id, url)).status).toBe(404);
    await callerFor(owner.id).channels.addMember({ channelId: secret.id, userId: member.id });
    const served = await download(member.id, url);
    expect(served.status).toBe(200);
    expect(Object.fromEntries(["content-type", "content-disposition", "x-content-type-options", "content-length"].map((name) => [name, served.headers.get(name)]))).toEqual({
      "content-type": "image/png",
      "content-disposition": `inline; filename="diagram.png"; filename*=UTF-8''diagram.png`,
      "x-content-type-options": "nosniff",
      "content-length": String((await png(1200, 900)).length),
    });
    expect(served.headers.get("content-security-policy")).toContain("sandbox");
    const thumbnail = await download(member.id, `/api/files/${body.file.id}/thumbnail`);
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
    expect(await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).toMatchObject({ width: 720, height: 540 });
    const outsider = await makeUser("File Outsider");
    expect((await download(outsider.id, url)).status).toBe(404);
    expect((await download(null, url)).status).toBe(401);

    // A range, as a video player asks for one.
    const part = await download(member.id, url, { range: "bytes=0-7" });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer())).toEqual((await png(1200, 900)).subarray(0, 8));
  });

  it("trusts the bytes, not the name: HTML and SVG with script are served as inert downloads", async () => {
    const { owner, general } = await workspaceWithMember();
    const html = await upload(owner.id, general, "photo.png", "<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");
    const svg = await upload(owner.id, general, "logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');
    for (const { body } of [html, svg]) {
      expect(body.file).toMatchObject({ kind: "file", mimeType: "text/plain; charset=utf-8", hasThumbnail: false });
      const served = await download(owner.id, `/api/files/${body.file.id}/${body.file.name}`);
      expect(served.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(served.headers.get("content-disposition")).toMatch(/^attachment;/);
      expect(served.headers.get("x-content-type-options")).toBe("nosniff");
      expect(served.headers.get("content-security-policy")).toMatch(/default-src 'none'.*sandbox/);
    }
  });

  it("refuses an oversize file, a full workspace and a broken upload, storing nothing", async () => {
    const { owner, workspace, general } = await workspaceWithMember();
    const before = { rows: await tableSizes(), stored: await storedFiles() };

    const oversize = await upload(owner.id, general, "huge.bin", Buffer.alloc(2 * 1024 * 1024 + 1, 7));
    expect(oversize).toEqual({ status: 413, body: { error: "Files can be at most 2.0 MB; this one is 2.0 MB." } });

    await db().update(workspaces).set({ fileQuotaBytes: 10_000 }).where(eq(workspaces.id, workspace.id));
    const overQuota = await upload(owner.id, general, "notes.txt", "x".repeat(10_001));
    expect(overQuota.status).toBe(413);
    expect(overQuota.body.error).toMatch(/^This workspace has used 0 B of its 9.8 KB for files/);

    // The connection drops halfway through the upload.
    await new Promise<void>((resolve) => {
      const cut = request(`http://${doors.host}/api/files?channelId=${general}&name=half.bin`, { method: "POST", headers: { "content-length": "100000" } });
      void sessionCookie(owner.id).then((cookie) => {
        cut.setHeader("cookie", cookie);
        cut.write(Buffer.alloc(50_000, 1), () => setTimeout(() => (cut.destroy(), resolve()), 100));
      });
      cut.on("error", () => undefined);
    });
    await eventually(async () => expect({ rows: await tableSizes(), stored: await storedFiles() }).toEqual(before));

    expect((await upload(owner.id, general, "empty.txt", "")).body.error).toBe("That file is empty");
    expect(await callerFor(owner.id).files.limits({ workspaceId: workspace.id })).toEqual({ maxFileBytes: 2 * 1024 * 1024, quotaBytes: 10_000, usedBytes: 0 });
  });

  it("attaches only the sender's unsent uploads to a message, and deleting the message deletes its files", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const other = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: `other-${nonce().slice(0, 6)}`, kind: "public" });
    const mine = (await upload(owner.id, general, "report.pdf", "%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n")).body.file;
    const theirs = (await upload(member.id, general, "theirs.txt", "hello")).body.file;
    const elsewhere = (await upload(owner.id, other.id, "elsewhere.txt", "hi")).body.file;
    expect(mine).toMatchObject({ kind: "file", mimeType: "application/pdf" });

    const send = (fileIds: string[]) => callerFor(owner.id).messages.send({ channelId: general, body: "files", fileIds, clientNonce: nonce() });
    await expectTrpcError(send([theirs.id]), "BAD_REQUEST", /upload it again/);
    await expectTrpcError(send([elsewhere.id]), "BAD_REQUEST", /upload it again/);
    await expectTrpcError(callerFor(owner.id).messages.send({ channelId: general, body: "  ", clientNonce: nonce() }), "BAD_REQUEST", /Write something/);
    const message = await send([mine.id]);
    await expectTrpcError(send([mine.id]), "BAD_REQUEST", /already sent/);

    const listed = await callerFor(member.id).files.list({ workspaceId: workspace.id });
    expect(listed.map((file) => file.name)).toEqual(["report.pdf"]);
    expect(listed[0]).toMatchObject({ channelName: "general", uploaderName: owner.name });
    expect(await callerFor(member.id).files.list({ workspaceId: workspace.id, channelId: other.id })).toEqual([]);

    const storedBefore = (await storedFiles()).length;
    await callerFor(owner.id).messages.delete({ messageId: message.id });
    expect(await db().select().from(files).where(eq(files.id, mine.id))).toEqual([]);
    expect((await download(member.id, `/api/files/${mine.id}/report.pdf`)).status).toBe(404);
    expect((await storedFiles()).length).toBe(storedBefore - 1);
  });

  it("sets an uploaded image as the person's avatar, seen by others, and refuses anything else", async () => {
    const { owner, member } = await workspaceWithMember();
    const post = async (bytes: Buffer | string) =>
      fetch(`http://${doors.host}/api/files/avatar?name=me.png`, { method: "POST", headers: { cookie: await sessionCookie(member.id) }, body: new Uint8Array(Buffer.from(bytes)) });
    const refused = await post("<svg/>");
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: "Avatars must be PNG, JPEG, GIF or WebP images" });

    expect((await post(await png(256, 256))).status).toBe(201);
    const me = await callerFor(member.id).users.me();
    expect(me!.image).toMatch(/^\/api\/files\/[0-9a-f-]{36}\/me\.png$/);
    expect((await download(owner.id, me!.image!)).status).toBe(200);

    // A new avatar replaces the old one, which is gone.
    expect((await post(await png(128, 128))).status).toBe(201);
    expect((await download(owner.id, me!.image!)).status).toBe(404);
  });
});
