import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// Before anything reads settings: a private data folder and a fixed secret, so tests never touch .data/.
process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "confab-test-"));
process.env.AUTH_SECRET = "test-secret-test-secret-test-secret-test";
// Calls configured against a LiveKit that is not running: tokens and webhooks are ours to test, media is not.
process.env.LIVEKIT_URL = "ws://127.0.0.1:7880";
process.env.LIVEKIT_API_KEY = "testkey";
process.env.LIVEKIT_API_SECRET = "test-livekit-secret-test-livekit-secret";
process.env.CALL_RING_MS = "1000";
// Each test file's own keys in the shared Redis (rate-limit counters would otherwise carry over between runs).
process.env.REDIS_KEY_PREFIX = `confab-test-${crypto.randomUUID()}`;
// Domain verification asks a DNS server the tests start on loopback, one port per worker.
export const TEST_DNS_PORT = 15300 + Number(process.env.VITEST_POOL_ID ?? 0);
process.env.SSO_DNS_SERVER = `127.0.0.1:${TEST_DNS_PORT}`;
// Small limits, so refusals are cheap to test.
process.env.FILES_MAX_MB = "2";
// Link previews: the tests' pages are served on loopback, on this port only; every other private address is refused.
export const TEST_PREVIEW_PORT = 15400 + Number(process.env.VITEST_POOL_ID ?? 0);
// Apps: a Slack app (Bolt) the integration tests run on loopback, receiving events, commands and clicks.
export const TEST_APP_PORT = 15700 + Number(process.env.VITEST_POOL_ID ?? 0);
process.env.OUTBOUND_UNSAFE_ALLOW = `127.0.0.1:${TEST_PREVIEW_PORT},127.0.0.1:${15600 + Number(process.env.VITEST_POOL_ID ?? 0)},127.0.0.1:${TEST_APP_PORT}`;
// Email goes to an SMTP server the email tests start on loopback, one port per worker; links point at this origin.
export const TEST_SMTP_PORT = 15500 + Number(process.env.VITEST_POOL_ID ?? 0);
process.env.SMTP_URL = `smtp://127.0.0.1:${TEST_SMTP_PORT}`;
process.env.SMTP_FROM = "Confab <confab@example.test>";
process.env.PUBLIC_URL = "http://confab.example.test";
// Web Push: a push service the push tests start on loopback (plain http there, allowed only by the test setting).
export const TEST_PUSH_PORT = 15600 + Number(process.env.VITEST_POOL_ID ?? 0);
process.env.PUSH_DELAY_MS = "30000";
// Live chat: visitors' email replies come back through the inbound hook, addressed to this mailbox.
process.env.SUPPORT_REPLY_ADDRESS = "support@confab.example.test";
process.env.SUPPORT_INBOUND_SECRET = "inbound-secret-inbound-secret";
process.env.LOG_LEVEL = "warn";
process.env.METRICS_TOKEN = "metrics-token-metrics-token";
