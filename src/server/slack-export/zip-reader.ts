import type { Readable } from "node:stream";
import yauzl from "yauzl";

/** A zip on disk read by entry, each opened when needed: an export of any size never sits in memory. */
export interface ZipReader {
  names(): string[];
  size(name: string): number | undefined;
  open(name: string): Promise<Readable>;
  json<T>(name: string): Promise<T | undefined>;
  close(): void;
}

export async function openZip(file: string): Promise<ZipReader> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, opened) => (error ? reject(error) : resolve(opened!))));
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith("/")) entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on("end", () => resolve());
    zip.on("error", reject);
    zip.readEntry();
  });
  const open = (name: string) =>
    new Promise<Readable>((resolve, reject) => {
      const entry = entries.get(name);
      if (!entry) return reject(new Error(`${name} is not in the zip`));
      zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream!)));
    });
  return {
    names: () => [...entries.keys()],
    size: (name) => entries.get(name)?.uncompressedSize,
    open,
    async json<T>(name: string) {
      if (!entries.has(name)) return undefined;
      const chunks: Buffer[] = [];
      for await (const chunk of await open(name)) chunks.push(chunk as Buffer);
      return JSON.parse(Buffer.concat(chunks).toString("utf8")) as T;
    },
    close: () => zip.close(),
  };
}

/** Slack's export, as its documentation describes it (only what an import reads). */
export interface SlackUser {
  id: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  profile?: { email?: string; real_name?: string; display_name?: string };
}

export interface SlackChannel {
  id: string;
  name?: string;
  created?: number;
  creator?: string;
  is_archived?: boolean;
  is_general?: boolean;
  members?: string[];
  topic?: { value?: string };
  purpose?: { value?: string };
  pins?: Array<{ id: string; user?: string }>;
}

export interface SlackFile {
  id: string;
  name?: string;
  title?: string;
  mimetype?: string;
  size?: number;
}

export interface SlackMessage {
  type?: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  username?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  edited?: { user?: string; ts?: string };
  reactions?: Array<{ name: string; users?: string[] }>;
  files?: SlackFile[];
  /** Written by a Confab export: its own text, preferred for an exact round trip. */
  confab?: { body?: string; deleted?: boolean };
}

export const tsToDate = (ts: string) => new Date(Math.round(Number.parseFloat(ts) * 1000));
