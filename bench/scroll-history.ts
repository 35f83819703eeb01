/**
 * Scrolling a long channel in a real browser: frame times and long tasks while the reader scrolls up through
 * 10,000 messages (older pages arriving by keyset as they go), side by side with a bare page of the same number of
 * plain rows scrolled the same way in the same browser, the floor this machine can do.
 *
 *   npm run build && npx tsx bench/scroll-history.ts [--messages 10000] [--seconds 20] [--profile out.cpuprofile]
 *
 * Uses a fresh PostgreSQL database when DATABASE_URL is set (dropped afterwards), else PGlite in a temporary folder.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { sql } from "drizzle-orm";
import { freshDatabase, percentile, productionBuilt, startServer } from "./support";

const { values } = parseArgs({ options: { messages: { type: "string", default: "10000" }, seconds: { type: "string", default: "20" }, profile: { type: "string" } } });
const messageCount = Number(values.messages);
const seconds = Number(values.seconds);
const port = 3210;

if (!productionBuilt()) {
  console.error("Build the app first: npm run build");
  process.exit(1);
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), "confab-bench-scroll-"));
const database = process.env.DATABASE_URL ? await freshDatabase(process.env.DATABASE_URL, "scroll") : null;
process.env.DATA_DIR = dataDir;
if (database) process.env.DATABASE_URL = database.url;
else delete process.env.DATABASE_URL;

const person = { name: "Scroll Reader", email: "reader@bench.test", password: "correct-horse-battery-staple" };
const { slug, channelId } = await seed();
const server = await startServer({ port, env: { REDIS_URL: "" } });

try {
  const browser = await chromium.launch({
    executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
    args: ["--no-sandbox", "--disable-background-networking"],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

  await page.setContent(`<div id="s" style="height:900px;overflow-y:auto">${Array.from({ length: messageCount }, (_, i) => `<div style="padding:4px 20px">Message ${i} with some ordinary text</div>`).join("")}</div>`);
  await page.evaluate(() => document.getElementById("s")!.scrollTo(0, 1e9));
  const bare = await measureScroll(page, "#s", seconds);

  await page.goto(`${server.baseUrl}/signin`);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/w\//);
  await page.goto(`${server.baseUrl}/w/${slug}/c/${channelId}`);
  await page.getByRole("log").getByRole("article").first().waitFor();
  let historyPages = 0;
  page.on("request", (request) => void (request.url().includes("messages.history") && historyPages++));
  const profiler = values.profile ? await page.context().newCDPSession(page) : null;
  await profiler?.send("Profiler.enable");
  await profiler?.send("Profiler.start");
  const app = await measureScroll(page, '[data-testid="message-scroller"]', seconds);
  if (profiler) {
    const { profile } = await profiler.send("Profiler.stop");
    writeFileSync(values.profile!, JSON.stringify(profile));
    console.log(`CPU profile of the channel run written to ${values.profile} (open it in Chrome DevTools)`);
  }

  console.log(`\nScrolling up through ${messageCount.toLocaleString()} messages for ${seconds} s (${database ? "PostgreSQL" : "PGlite"}; ${historyPages} older pages arrived while scrolling)\n`);
  console.log("                    frame p50   p95     p99     max      long tasks  long-task ms");
  for (const [name, result] of [["bare page", bare], ["Confab channel", app]] as const) {
    console.log(
      `${name.padEnd(18)}  ${ms(result.p50)}  ${ms(result.p95)}  ${ms(result.p99)}  ${ms(result.max)}  ${String(result.longTasks).padStart(10)}  ${String(Math.round(result.longTaskMs)).padStart(12)}`,
    );
  }
  console.log(`\np95 ratio to bare: ${(app.p95 / bare.p95).toFixed(2)}x   p99 ratio: ${(app.p99 / bare.p99).toFixed(2)}x`);
  await browser.close();
} finally {
  await server.stop();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

function ms(value: number) {
  return `${value.toFixed(1).padStart(6)}ms`;
}

/** Scrolls the element up by 120 px every 16 ms, recording every frame's duration and every long task. */
async function measureScroll(page: Page, selector: string, durationSeconds: number) {
  // Plain JavaScript in a string: tsx would wrap named functions in a helper the page does not have.
  const result: { frames: number[]; longTasks: number[] } = await page.evaluate(`(async () => {
    const element = document.querySelector(${JSON.stringify(selector)});
    const frames = [];
    const longTasks = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((entry) => longTasks.push(entry.duration)));
    observer.observe({ type: "longtask" });
    const end = performance.now() + ${durationSeconds * 1000};
    let last = performance.now();
    await new Promise((resolve) => {
      const frame = (now) => {
        frames.push(now - last);
        last = now;
        if (now < end) requestAnimationFrame(frame);
        else resolve();
      };
      requestAnimationFrame(frame);
      const scroller = setInterval(() => (performance.now() < end ? element.scrollBy(0, -120) : clearInterval(scroller)), 16);
    });
    observer.disconnect();
    return { frames, longTasks };
  })()`);
  const sorted = result.frames.slice(1).sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
    longTasks: result.longTasks.length,
    longTaskMs: result.longTasks.reduce((sum, duration) => sum + duration, 0),
  };
}

/** One person, one workspace, and `messageCount` messages in #general written straight into the database. */
async function seed() {
  const { dbHandle } = await import("@/server/db/client");
  const { anonymousActor, runAction, userActor } = await import("@/server/actions/context");
  const { signUp } = await import("@/server/actions/users/sign-up");
  const { createWorkspace } = await import("@/server/actions/workspaces/create-workspace");
  const handle = dbHandle();
  await handle.migrate();
  const user = await runAction(anonymousActor("bench"), signUp, person);
  const workspace = await runAction(userActor(user.id), createWorkspace, { name: "Scroll Bench", slug: "scroll-bench" });
  const channelId = workspace.generalChannelId;
  // Bodies vary the way real chat does: plain lines, Markdown, code, links, and some long paragraphs.
  await handle.db.execute(sql.raw(`
    insert into messages (id, channel_id, seq, author_id, body, created_at)
    select gen_random_uuid()::text, '${channelId}', n, '${user.id}',
      case n % 7
        when 0 then 'A **bold** claim with _emphasis_ and \`inline code\` #' || n
        when 1 then E'\`\`\`ts\\nconst answer = ' || n || E';\\nconsole.log(answer);\\n\`\`\`'
        when 2 then 'See https://example.com/items/' || n || ' for details'
        when 3 then repeat('A longer paragraph that wraps over several lines in the message list. ', 4) || n
        when 4 then E'> quoted line ' || n || E'\\n\\nand a reply'
        else 'Message number ' || n || ' with some ordinary text'
      end,
      now() - ((${messageCount} - n) * interval '3 minutes')
    from generate_series(1, ${messageCount}) as n`));
  await handle.db.execute(sql.raw(`update channels set last_seq = ${messageCount} where id = '${channelId}'`));
  await handle.close();
  return { slug: workspace.slug, channelId };
}

