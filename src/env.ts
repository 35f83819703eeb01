import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import webpush from "web-push";
import { z } from "zod";

/**
 * The only reader of process.env. Every setting is checked here so a bad value stops start-up with a message that
 * names the variable, instead of failing later somewhere unrelated.
 */
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || protocols.some((p) => value.startsWith(`${p}://`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(" or ")}`,
    });

/** true/1 or false/0; unset or empty: the default. */
const flag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((value) => (value ? value === "true" || value === "1" : fallback));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().trim().min(1).default("localhost"),
  DATA_DIR: z.string().trim().min(1).default(".data"),
  DATABASE_URL: optionalUrl(["postgres", "postgresql"]),
  REDIS_URL: optionalUrl(["redis", "rediss"]),
  /** PostgreSQL connections each server process keeps open; processes × this must stay under the server's limit. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  /** Starts every key and channel this installation uses in Redis, so several (or test runs) can share one server. */
  REDIS_KEY_PREFIX: z.string().trim().min(1).default("confab"),
  AUTH_SECRET: z
    .string()
    .optional()
    .refine((value) => value === undefined || value.length >= 32, { message: "must be at least 32 characters" }),
  /** LiveKit for calls: the server's URL (ws(s):// or http(s)://) and an API key pair. All three, or calls are off. */
  LIVEKIT_URL: optionalUrl(["ws", "wss", "http", "https"]),
  LIVEKIT_API_KEY: z.string().trim().optional().transform((value) => value || undefined),
  LIVEKIT_API_SECRET: z.string().trim().optional().transform((value) => value || undefined),
  /** Where browsers reach LiveKit, when not at LIVEKIT_URL (a proxy, another host name). */
  LIVEKIT_PUBLIC_URL: optionalUrl(["ws", "wss"]),
  /** How long a DM call rings before it is missed. */
  CALL_RING_MS: z.coerce.number().int().min(1000).default(30_000),
  /** DNS server (host:port) for checking domain verification records; the system resolver when unset. */
  SSO_DNS_SERVER: z.string().trim().optional().transform((value) => value || undefined),
  /** Idle time (no keyboard or pointer in any visible tab) after which a person shows as away. */
  PRESENCE_AWAY_AFTER_MS: z.coerce.number().int().min(1000).default(10 * 60 * 1000),
  /** Presence changes wait this long and are sent only if they still hold, so a flapping connection stays quiet. */
  PRESENCE_SETTLE_MS: z.coerce.number().int().min(0).default(1500),
  /** Largest file one upload may be, in MB. */
  FILES_MAX_MB: z.coerce.number().positive().default(100),
  /** File storage each workspace may use, in MB, unless an admin set another quota for it. */
  FILES_WORKSPACE_QUOTA_MB: z.coerce.number().positive().default(10 * 1024),
  /** S3-compatible storage for files, when a bucket is named; a folder under DATA_DIR otherwise. */
  S3_BUCKET: z.string().trim().optional().transform((value) => value || undefined),
  S3_REGION: z.string().trim().default("us-east-1"),
  S3_ENDPOINT: optionalUrl(["http", "https"]),
  S3_ACCESS_KEY_ID: z.string().trim().optional().transform((value) => value || undefined),
  S3_SECRET_ACCESS_KEY: z.string().trim().optional().transform((value) => value || undefined),
  /** Bucket in the path (MinIO, most self-hosted S3) rather than in the host name. */
  S3_FORCE_PATH_STYLE: flag(true),
  /** Where people reach this server, for links in emails and push notifications; http://localhost:PORT when unset. */
  PUBLIC_URL: optionalUrl(["http", "https"]),
  /** SMTP server for email (smtp:// or smtps://, credentials in the URL); unset: no email is sent, and the settings say so. */
  SMTP_URL: optionalUrl(["smtp", "smtps"]),
  SMTP_FROM: z.string().trim().default("Confab <confab@localhost>"),
  /** Web Push (VAPID) key pair and contact; in development generated once into DATA_DIR, in production push is off without them. */
  VAPID_PUBLIC_KEY: z.string().trim().optional().transform((value) => value || undefined),
  VAPID_PRIVATE_KEY: z.string().trim().optional().transform((value) => value || undefined),
  VAPID_SUBJECT: z
    .string()
    .trim()
    .default("mailto:admin@localhost")
    .refine((value) => value.startsWith("mailto:") || value.startsWith("https://"), { message: "must be a mailto: or https:// address" }),
  /**
   * false: this process serves requests only and leaves durable jobs (notifications, email, pushes) to the processes
   * that run them, e.g. dedicated workers beside web processes.
   */
  RUN_JOBS: flag(true),
  /** Set by the supervisor of PROCESSES > 1 for each worker it starts (0, 1, …); not a setting of its own. */
  CLUSTER_WORKER_INDEX: z.coerce.number().int().min(0).default(0),
  /**
   * Server processes on this host sharing its port (node:cluster), each with its own event loop: "auto" is one per
   * core. More than one needs DATABASE_URL and REDIS_URL, which they share.
   */
  PROCESSES: z
    .string()
    .trim()
    .optional()
    .transform((value) => (!value ? "1" : value))
    .pipe(z.union([z.literal("auto"), z.string().regex(/^\d+$/, 'a number of processes, or "auto"').transform(Number).pipe(z.number().int().min(1, "must be at least 1").max(1024))])),
  /**
   * Live chat: the address visitors' replies to emails go to, with plus addressing ("support@example.com" becomes
   * Reply-To "support+<conversation token>@example.com"); the mail server hands them to /api/support/inbound-email.
   */
  SUPPORT_REPLY_ADDRESS: z.string().trim().email().optional().or(z.literal("").transform(() => undefined)),
  /** The bearer token the inbound-email hook requires; unset: the hook is off. */
  SUPPORT_INBOUND_SECRET: z.string().trim().min(16).optional().or(z.literal("").transform(() => undefined)),
  /** How long an agent's answer waits for the visitor to read it in the widget before it is emailed to them. */
  SUPPORT_EMAIL_DELAY_MS: z.coerce.number().int().min(0).default(60_000),
  /** How long after a message a push waits for the person to read it or come back, before it is sent. */
  PUSH_DELAY_MS: z.coerce.number().int().min(0).default(30_000),
  /**
   * Tests only: host:port pairs the server may reach although they are private or loopback (link previews and push
   * endpoints served by the tests on 127.0.0.1; plain http is then accepted for push). Never set this in production.
   */
  OUTBOUND_UNSAFE_ALLOW: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value.split(",").map((entry) => entry.trim()).filter(Boolean) : [])),
  TRUST_PROXY: flag(false),
  /** The bearer token `GET /metrics` requires; unset, the main port does not serve metrics. */
  METRICS_TOKEN: z.string().trim().min(16).optional().or(z.literal("").transform(() => undefined)),
  /** A second listener serving `/metrics` (and health) without a token, for an address only the scraper reaches. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOSTNAME: z.string().trim().default("127.0.0.1"),
  /** Structured log level: trace, debug, info, warn, error, fatal or silent. */
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  /**
   * Seconds a stopping process keeps serving while readiness says it is draining, so the proxy or Kubernetes stops
   * sending it new requests before its sockets close (clients reconnect to another process and catch up).
   */
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(300).default(0),
});

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

export type Env = Omit<z.infer<typeof schema>, "PROCESSES" | "AUTH_SECRET" | "PUBLIC_URL" | "VAPID_PUBLIC_KEY" | "VAPID_PRIVATE_KEY" | "VAPID_SUBJECT"> & {
  /** How many server processes share the port: PROCESSES, with "auto" resolved to the host's cores. */
  PROCESSES: number;
  AUTH_SECRET: string;
  dataDir: string;
  publicUrl: string;
  /** Null: push is off (production without keys). */
  vapid: VapidKeys | null;
};

export class EnvError extends Error {}

function readOrCreateDevFile(dataDir: string, name: string, create: () => string): string {
  const file = path.join(dataDir, name);
  mkdirSync(dataDir, { recursive: true });
  try {
    // "wx" fails if another process (or Next's second module graph) created it first; then we read theirs.
    writeFileSync(file, create(), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readFileSync(file, "utf8").trim();
}

function vapidKeys(parsed: z.infer<typeof schema>, dataDir: string): VapidKeys | null {
  const subject = parsed.VAPID_SUBJECT;
  if (parsed.VAPID_PUBLIC_KEY && parsed.VAPID_PRIVATE_KEY) return { publicKey: parsed.VAPID_PUBLIC_KEY, privateKey: parsed.VAPID_PRIVATE_KEY, subject };
  if (parsed.VAPID_PUBLIC_KEY || parsed.VAPID_PRIVATE_KEY) throw new EnvError("Invalid configuration:\n  VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: set both or neither");
  if (parsed.NODE_ENV === "production") return null;
  const stored = JSON.parse(readOrCreateDevFile(dataDir, "vapid-keys.json", () => JSON.stringify(webpush.generateVAPIDKeys()))) as { publicKey: string; privateKey: string };
  return { ...stored, subject };
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const parsed = result.data;
  const processes = parsed.PROCESSES === "auto" ? os.availableParallelism() : parsed.PROCESSES;
  if (processes > 1 && (!parsed.DATABASE_URL || !parsed.REDIS_URL)) {
    throw new EnvError(`Invalid configuration:\n  PROCESSES: ${processes} processes share one database and one event bus: set DATABASE_URL and REDIS_URL too (PGlite and the in-process bus belong to one process)`);
  }
  const dataDir = path.resolve(parsed.DATA_DIR);
  let secret = parsed.AUTH_SECRET;
  if (!secret) {
    if (parsed.NODE_ENV === "production") {
      throw new EnvError(
        "Invalid configuration:\n  AUTH_SECRET: required in production (generate one with `openssl rand -base64 32`)",
      );
    }
    secret = readOrCreateDevFile(dataDir, "auth-secret", () => randomBytes(32).toString("base64url"));
  }
  const { PUBLIC_URL, VAPID_PUBLIC_KEY: _public, VAPID_PRIVATE_KEY: _private, VAPID_SUBJECT: _subject, ...rest } = parsed;
  return {
    ...rest,
    PROCESSES: processes,
    AUTH_SECRET: secret,
    dataDir,
    publicUrl: (PUBLIC_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/+$/, ""),
    vapid: vapidKeys(parsed, dataDir),
  };
}

let cached: Env | undefined;

/** Read lazily so `next build` never needs runtime settings. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
