import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import S3rver from "s3rver";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../../src/env";
import { createFileStorage, fileStorage, setFileStorage, type FileStorage } from "../../src/server/files/storage";
import { sessionCookie, startDoorServer } from "./door-server";
import { callerFor, workspaceWithMember } from "./factories";

// The S3 path for real: a local S3-compatible server, and the app's file door storing into its bucket.
const BUCKET = "confab-files";
let s3: S3rver;
let s3Storage: FileStorage;
let localStorage: FileStorage;
let doors: Awaited<ReturnType<typeof startDoorServer>>;

beforeAll(async () => {
  s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: mkdtempSync(path.join(os.tmpdir(), "confab-s3-")), configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port } = (await s3.run()) as AddressInfo;
  s3Storage = createFileStorage({
    ...env(),
    S3_BUCKET: BUCKET,
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_FORCE_PATH_STYLE: true,
  });
  localStorage = fileStorage();
  setFileStorage(s3Storage);
  doors = await startDoorServer();
});

afterAll(async () => {
  setFileStorage(localStorage);
  await doors.close();
  await s3.close();
});

async function objectExists(key: string) {
  try {
    const stream = await s3Storage.get(key);
    stream.destroy();
    return true;
  } catch {
    return false;
  }
}

describe("files in S3-compatible storage", () => {
  it("stores an upload and its thumbnail in the bucket, serves them (ranges too), and deletes them with the message", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const image = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#10b981" } }).jpeg().toBuffer();
    const uploaded = await fetch(`http://${doors.host}/api/files?channelId=${general}&name=photo.jpg`, { method: "POST", headers: { cookie: await sessionCookie(owner.id) }, body: new Uint8Array(image) });
    expect(uploaded.status).toBe(201);
    const { file } = (await uploaded.json()) as { file: { id: string; kind: string; hasThumbnail: boolean } };
    expect(file).toMatchObject({ kind: "image", hasThumbnail: true });
    const message = await callerFor(owner.id).messages.send({ channelId: general, body: "from S3", fileIds: [file.id], clientNonce: crypto.randomUUID() });

    const cookie = await sessionCookie(member.id);
    const whole = await fetch(`http://${doors.host}/api/files/${file.id}/photo.jpg`, { headers: { cookie } });
    expect(whole.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(image);
    const part = await fetch(`http://${doors.host}/api/files/${file.id}/photo.jpg`, { headers: { cookie, range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(image.subarray(100, 200));
    const thumbnail = await fetch(`http://${doors.host}/api/files/${file.id}/thumbnail`, { headers: { cookie } });
    expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).format).toBe("webp");

    const key = `${workspace.id}/${file.id}`;
    expect(await objectExists(key)).toBe(true);
    await callerFor(owner.id).messages.delete({ messageId: message.id });
    expect(await objectExists(key)).toBe(false);
    expect(await objectExists(`${key}.thumbnail.webp`)).toBe(false);
  });
});
