import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { env } from "@/env";
import { files } from "../db/schema";
import { log } from "../observability/log";

export interface ByteRange {
  start: number;
  end: number;
}

/** Where file bytes live: a folder on this machine, or an S3-compatible bucket. Keys are ours, never a user's input. */
export interface FileStorage {
  put(key: string, body: Readable, size: number, contentType: string): Promise<void>;
  get(key: string, range?: ByteRange): Promise<Readable>;
  remove(keys: string[]): Promise<void>;
}

class LocalStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private file(key: string) {
    return path.join(this.root, ...key.split("/"));
  }

  async put(key: string, body: Readable) {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    try {
      await pipeline(body, createWriteStream(file, { flags: "wx" }));
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
  }

  async get(key: string, range?: ByteRange) {
    const file = this.file(key);
    await stat(file);
    return createReadStream(file, range);
  }

  async remove(keys: string[]) {
    await Promise.all(keys.map((key) => rm(this.file(key), { force: true })));
  }
}

class S3Storage implements FileStorage {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Readable, size: number, contentType: string) {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentLength: size, ContentType: contentType }));
  }

  async get(key: string, range?: ByteRange) {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(range && { Range: `bytes=${range.start}-${range.end}` }) }));
    return object.Body as Readable;
  }

  async remove(keys: string[]) {
    if (keys.length === 0) return;
    await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
  }
}

export function createFileStorage(settings: ReturnType<typeof env>): FileStorage {
  if (!settings.S3_BUCKET) return new LocalStorage(path.join(settings.dataDir, "files"));
  const client = new S3Client({
    region: settings.S3_REGION,
    endpoint: settings.S3_ENDPOINT,
    forcePathStyle: settings.S3_FORCE_PATH_STYLE,
    credentials: settings.S3_ACCESS_KEY_ID ? { accessKeyId: settings.S3_ACCESS_KEY_ID, secretAccessKey: settings.S3_SECRET_ACCESS_KEY ?? "" } : undefined,
    // Checksums only where S3 requires them: S3-compatible servers (MinIO, older Ceph, test servers) reject the rest.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  return new S3Storage(client, settings.S3_BUCKET);
}

const globalKey = Symbol.for("confab.fileStorage");
type GlobalWithStorage = typeof globalThis & { [globalKey]?: FileStorage };

/** The process's file storage, chosen by the S3_* settings. */
export function fileStorage(): FileStorage {
  const holder = globalThis as GlobalWithStorage;
  holder[globalKey] ??= createFileStorage(env());
  return holder[globalKey];
}

/** The columns a deleted file row returns, so its bytes can follow it out of storage. */
export const storedColumns = { key: files.storageKey, thumbnail: files.thumbnailKey };

/** Every stored object of these file rows: the file and its thumbnail. */
export const storedKeys = (rows: Array<{ key: string; thumbnail: string | null }>) => rows.flatMap((row) => (row.thumbnail ? [row.key, row.thumbnail] : [row.key]));

/** Bytes whose rows are gone: removed after the commit; a failure leaves an orphan in storage, never a broken row. */
export async function removeStoredFiles(storage: FileStorage, keys: string[]) {
  if (keys.length === 0) return;
  await storage.remove(keys).catch((error) => log().error({ err: error }, "[files] could not remove stored files"));
}

/** Swaps the process's storage (tests run the S3 path against a local S3-compatible server). */
export function setFileStorage(storage: FileStorage) {
  (globalThis as GlobalWithStorage)[globalKey] = storage;
}
