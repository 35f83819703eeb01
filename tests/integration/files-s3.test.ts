import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import S3rver from "s3rver";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../../src/env";
import { db } from "../../src/server/db/client";
import { files } from "../../src/server/db/schema";
import { createFileStorage, fileStorage, setFileStorage, type FileStorage } from "../../src/server/files/storage";
import { sessionCookie, startDoorServer } from "./door-server";
import { callerFor, eventually, workspaceWithMember } from "./factories";

// The S3 path for real: a local S3-compatible server, and the app's file door storing into its bucket.
const BUCKET = "confab-files";
let s3: S3rver;
let s3Settings: Partial<ReturnType<typeof env>>;
let s3Storage: FileStorage;
let localStorage: FileStorage;
let doors: Awaited<ReturnType<typeof startDoorServer>>;

beforeAll(async () => {
  s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: mkdtempSync(path.join(os.tmpdir(), "confab-s3-")), configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port } = (await s3.run()) as AddressInfo;
  s3Settings = {
    S3_BUCKET: BUCKET,
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_FORCE_PATH_STYLE: true,
  };
  s3Storage = createFileStorage({ ...env(), ...s3Settings });
  localStorage = fileStorage();
  setFileStorage(s3Storage);
  doors = await startDoorServer();
});

afterAll(async () => {
  setFileStorage(localStorage);
  await doors.close();
  await s3.close();
});

/**
 * Whether the bucket holds the key. Only S3's own "no such key" (a 404) means absent: any other failure (the server
 * down, a wrong bucket, bad credentials) is thrown, so "deleted" can never be a request that simply failed.
 */
async function objectExistsIn(storage: FileStorage, key: string) {
  try {
    const stream = await storage.get(key);
    stream.destroy();
    return true;
  } catch (error) {
    const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if ((name === "NoSuchKey" || name === "NotFound") && $metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}
const objectExists = (key: string) => objectExistsIn(s3Storage, key);

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

    // The keys the row names, both present before the delete, so their absence after it means something.
    const [row] = await db().select({ key: files.storageKey, thumbnail: files.thumbnailKey }).from(files).where(eq(files.id, file.id));
    expect(row).toEqual({ key: `${workspace.id}/${file.id}`, thumbnail: `${workspace.id}/${file.id}.thumbnail.webp` });
    expect(await objectExists(row!.key)).toBe(true);
    expect(await objectExists(row!.thumbnail!)).toBe(true);
    await callerFor(owner.id).messages.delete({ messageId: message.id });
    // Stored bytes go after the commit.
    await eventually(async () => expect({ file: await objectExists(row!.key), thumbnail: await objectExists(row!.thumbnail!) }).toEqual({ file: false, thumbnail: false }));
  });

  it("tells an absent object from a failed request", async () => {
    expect(await objectExists(`nobody/${crypto.randomUUID()}`)).toBe(false);
    // The same question to a bucket that does not exist is an error (a 404 too, but not the key's), not "absent".
    const wrongBucket = createFileStorage({ ...env(), ...s3Settings, S3_BUCKET: "no-such-bucket" });
    await expect(objectExistsIn(wrongBucket, `nobody/${crypto.randomUUID()}`)).rejects.toMatchObject({ name: "NoSuchBucket" });
    // And a server that does not answer at all.
    const unreachable = createFileStorage({ ...env(), ...s3Settings, S3_ENDPOINT: "http://127.0.0.1:1" });
    await expect(objectExistsIn(unreachable, `nobody/${crypto.randomUUID()}`)).rejects.toThrow();
  });
});
