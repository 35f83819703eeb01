import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/**
 * The e2e suite runs against the production build (`next build` first; `npm test` does it) on its own port, data
 * folder and, when DATABASE_URL is given, the fresh database scripts/test.mjs created. E2E_BASE_URL points the
 * suite at a server you already run instead.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${port}`;
// Set once in the main process; workers inherit it.
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "confab-e2e-"));

// Calls: a real LiveKit when LIVEKIT_URL is given (e2e/calls-media.spec.ts then runs), else an address where none
// listens; either way with the key pair of docker/livekit.yaml, which the tests also sign webhooks with.
process.env.LIVEKIT_API_KEY ??= "devkey";
process.env.LIVEKIT_API_SECRET ??= "confab-livekit-dev-secret-change-me-0123456789";
const livekitUrl = process.env.LIVEKIT_URL ?? "ws://127.0.0.1:7880";

// Debian's Chromium where present (Playwright cannot download browsers here); elsewhere Playwright's own.
const systemChromium = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // A test.only left behind would quietly run one journey instead of all of them.
  forbidOnly: Boolean(process.env.CI),
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: systemChromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        // Screen sharing picks the whole (virtual) screen without a chooser.
        "--auto-select-desktop-capture-source=Entire screen",
      ],
    },
  },
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : {
        // The compiled server, as `npm start` runs it.
        command: "node --enable-source-maps dist/server.mjs",
        url: `${baseURL}/api/health`,
        reuseExistingServer: false,
        timeout: 120_000,
        stdout: "pipe",
        env: {
          NODE_ENV: "production",
          PORT: String(port),
          HOSTNAME: "127.0.0.1",
          DATA_DIR: process.env.E2E_DATA_DIR,
          AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
          NEXT_TELEMETRY_DISABLED: "1",
          // Warnings and errors in the run's output; one line per request would bury them.
          LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
          // Short enough for the presence journey to watch someone go away and come back.
          PRESENCE_AWAY_AFTER_MS: "4000",
          PRESENCE_SETTLE_MS: "300",
          LIVEKIT_URL: livekitUrl,
          LIVEKIT_API_KEY: process.env.LIVEKIT_API_KEY,
          LIVEKIT_API_SECRET: process.env.LIVEKIT_API_SECRET,
          CALL_RING_MS: "4000",
          // Domain verification asks the DNS server e2e/sso.spec.ts runs on loopback.
          SSO_DNS_SERVER: "127.0.0.1:15399",
          // Outbound requests may reach, on loopback, the page e2e/files-search.spec.ts serves for link previews and the
          // Slack app e2e/integrations.spec.ts runs (everything else private is refused).
          OUTBOUND_UNSAFE_ALLOW: "127.0.0.1:15499,127.0.0.1:15799",
          // Email goes to the SMTP server e2e/notifications.spec.ts runs on loopback; its links come back here.
          SMTP_URL: "smtp://127.0.0.1:15525",
          // Live chat: visitors' email replies come back through the inbound hook; answers wait a second for the widget.
          SUPPORT_REPLY_ADDRESS: "support@confab.example.test",
          SUPPORT_INBOUND_SECRET: "e2e-inbound-secret-e2e-inbound",
          SUPPORT_EMAIL_DELAY_MS: "1000",
          PUBLIC_URL: baseURL,
          ...(process.env.DATABASE_URL && { DATABASE_URL: process.env.DATABASE_URL }),
          ...(process.env.REDIS_URL && { REDIS_URL: process.env.REDIS_URL }),
        },
      },
});
