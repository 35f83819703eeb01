/**
 * Section (k): the app in a real browser. Lighthouse's LCP and total blocking time on the channel view of a long
 * channel, the JavaScript each route loads first (from the build), scrolling up through the channel's history as
 * older pages arrive, and a tab's heap through hours of traffic in 100 channels, each beside a bare baseline where
 * there is one.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { launch } from "chrome-launcher";
import { sql } from "drizzle-orm";
import lighthouse, { desktopConfig } from "lighthouse";
import { firstLoadJsBytes, gzippedBytes } from "../e2e/bundle-size";
import type { Db } from "../src/server/db/client";
import { connectAll, sessionCookie, StreamClient } from "./clients";
import { log, round, type Row } from "./rows";
import { seedChannels, seedGroups } from "./seed";
import { percentile, sleep } from "./support";


// The same browser as the e2e suite: CHROMIUM_PATH, else Debian's.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-background-networking"];
const VIEWPORT = { width: 1280, height: 900 };
const TRAFFIC_CHANNELS = 100;
const SENDERS = 4;

const planOf = (quick: boolean) =>
  quick
    ? { historyMessages: 2_000, scrollSeconds: 5, lighthouseRuns: 1, simulatedSeconds: 5 * 60, readEverySeconds: 60 }
    : // One simulated hour, not the issue's eight: the tab takes in 110–130 messages a second (its renderer at a full
      // core, about 7 ms per message in a channel it is not showing), so 288,000 would take 40 minutes.
      { historyMessages: 10_000, scrollSeconds: 20, lighthouseRuns: 3, simulatedSeconds: 3600, readEverySeconds: 600 };

export interface BrowserFixture {
  slug: string;
  readerId: string;
  senderIds: string[];
  /** The long channel the page loads and scrolls; the first of the traffic channels too. */
  historyChannelId: string;
  historyMessages: number;
  trafficChannelIds: string[];
}

/**
 * A workspace whose reader and a few senders are members of 100 channels, the first holding the long history. Runs
 * before the server starts (PGlite allows one process).
 */
export async function seedBrowserBench(db: Db, options: { quick: boolean }): Promise<BrowserFixture> {
  const { historyMessages } = planOf(options.quick);
  const [group] = await seedGroups(db, SENDERS + 1, SENDERS + 1, "browser");
  const [readerId, ...senderIds] = group!.members;
  const trafficChannelIds = await seedChannels(db, group!, TRAFFIC_CHANNELS);
  const historyChannelId = group!.channelId;
  // Bodies vary the way real chat does: plain lines, Markdown, code, links, quotes and some long paragraphs.
  await db.execute(sql`insert into messages (id, channel_id, seq, author_id, body, created_at)
    select gen_random_uuid()::text, ${historyChannelId}, n, (array(select jsonb_array_elements_text(${JSON.stringify(senderIds)}::jsonb)))[1 + n % ${senderIds.length}],
      case n % 7
        when 0 then 'A **bold** claim with _emphasis_ and \`inline code\` #' || n
        when 1 then E'\`\`\`ts\\nconst answer = ' || n || E';\\nconsole.log(answer);\\n\`\`\`'
        when 2 then 'See https://example.com/items/' || n || ' for details'
        when 3 then repeat('A longer paragraph that wraps over several lines in the message list. ', 4) || n
        when 4 then E'> quoted line ' || n || E'\\n\\nand a reply'
        else 'Message number ' || n || ' with some ordinary text'
      end,
      now() - make_interval(mins => 3 * (${historyMessages} - n))
    from generate_series(1, ${historyMessages}) as n`);
  await db.execute(sql`update channels set last_seq = ${historyMessages} where id = ${historyChannelId}`);
  // A reader who has caught up: the view opens at the newest message, not at the first unread of thousands.
  await db.execute(sql`update channel_members set last_read_seq = ${historyMessages} where channel_id = ${historyChannelId} and user_id = ${readerId}`);
  await db.execute(sql`analyze messages`);
  const result = await db.execute<{ slug: string }>(sql`select slug from workspaces where id = ${group!.workspaceId}`);
  // PostgreSQL's driver answers with the rows, PGlite's with an object holding them.
  const [workspace] = Array.isArray(result) ? result : (result as unknown as { rows: { slug: string }[] }).rows;
  return { slug: workspace!.slug, readerId: readerId!, senderIds, historyChannelId, historyMessages, trafficChannelIds };
}

/** Section (k), against the production server already running at `baseUrl` (and the build it serves). */
export async function measureBrowser(fixture: BrowserFixture, options: { baseUrl: string; quick: boolean }): Promise<Row[]> {
  const plan = planOf(options.quick);
  const cookie = await sessionCookie(fixture.readerId);
  const channelUrl = `${options.baseUrl}/w/${fixture.slug}/c/${fixture.historyChannelId}`;
  const rows: Row[] = [...firstLoadJavaScript()];
  rows.push(...(await lighthouseRows(channelUrl, cookie, plan.lighthouseRuns)));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS.filter((flag) => !flag.startsWith("--headless")) });
  try {
    rows.push(...(await scrollRows(browser, options.baseUrl, channelUrl, cookie, fixture, plan.scrollSeconds)));
    rows.push(await memoryRow(browser, options.baseUrl, cookie, fixture, plan));
  } finally {
    await browser.close();
  }
  return rows;
}

// --- First-load JavaScript -------------------------------------------------------------------------------------

const FIRST_LOAD_BUDGET_KB = 250;

/**
 * Per App Router page, the client chunks its first load fetches, from the build's manifests (see firstLoadJsBytes),
 * each gzipped at level 9, what a precompressing proxy would serve (the custom server does not compress).
 */
function firstLoadJavaScript(): Row[] {
  const buildManifest = JSON.parse(readFileSync(path.join(".next", "build-manifest.json"), "utf8")) as { rootMainFiles: string[]; pagesChunkGroupBootstrapParams: Record<string, unknown> };
  const frameworkBytes = buildManifest.rootMainFiles.reduce((sum, file) => sum + gzippedBytes(path.join(".next", file)), 0);
  // Next's own error pages are the framework's; every other page is one of the app's routes.
  const routes = Object.keys(buildManifest.pagesChunkGroupBootstrapParams).flatMap((page) => (/^\/_(not-found|global-error)\//.test(page) ? [] : [page.replace(/\/page$/, "")]));
  const rows = routes.map((route): Row => {
    const kb = firstLoadJsBytes(route).bytes / 1024;
    return {
      section: "k",
      measure: `first-load JavaScript, ${route.replace(/\/\([^)]+\)/g, "") || "/"} (gzip -9 of the build's chunks; baseline: Next's shared chunks)`,
      confab: round(kb, 1),
      baseline: round(frameworkBytes / 1024, 1),
      unit: "KB",
      better: "lower",
      target: { text: `≤ ${FIRST_LOAD_BUDGET_KB} KB`, met: kb <= FIRST_LOAD_BUDGET_KB },
    };
  });
  log(`(k) first-load JavaScript: ${rows.map((row) => `${/, (\S+)/.exec(row.measure)![1]} ${row.confab} KB`).join(", ")}`);
  return rows;
}

// --- Lighthouse ------------------------------------------------------------------------------------------------

/** A bare page of 50 plain rows, served by the bench itself: what a page with no app in it scores here. */
async function serveBarePage() {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>bare</title></head><body style="font-family:sans-serif">${Array.from({ length: 50 }, (_, index) => `<div style="padding:4px 20px"><b>Person ${index % 5}</b><p>Message ${index} with some ordinary text</p></div>`).join("")}</body></html>`;
  const server = createServer((_request, response) => response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * Lighthouse's desktop configuration (simulated throttling: 40 ms RTT, 10 Mbit/s, no CPU slowdown), each page cold
 * (Lighthouse resets the cache first), the median of `runs`; its main-thread breakdown of the last run is logged.
 */
async function lighthouseMedians(url: string, cookie: string | null, runs: number) {
  const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS });
  try {
    // In the browser's cookie jar rather than Lighthouse's extraHeaders, which the WebSocket handshake does not carry:
    // the event stream would be refused and the tab sent to sign in. Lighthouse's storage reset leaves cookies alone.
    if (cookie) {
      const connected = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
      await addSessionCookie(connected.contexts()[0]!, url, cookie);
      await connected.close();
    }
    const audit = async () => (await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"] }, desktopConfig))!.lhr;
    const results: Array<{ lcp: number; tbt: number }> = [];
    for (let run = 0; run < runs; run++) {
      let lhr = await audit();
      // A trace that came out incomplete (NO_NAVSTART, NO_FCP…, now and then with this Chromium): Lighthouse's own
      // advice is to run again, once.
      if (lhr.runtimeError?.code.startsWith("NO_")) {
        log(`(k) Lighthouse on ${url}: ${lhr.runtimeError.code}, running it again`);
        lhr = await audit();
      }
      if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      if (lhr.finalDisplayedUrl !== url) throw new Error(`Lighthouse on ${url} ended on ${lhr.finalDisplayedUrl} (not signed in?)`);
      results.push({ lcp: lhr.audits["largest-contentful-paint"]!.numericValue!, tbt: lhr.audits["total-blocking-time"]!.numericValue! });
      if (run === runs - 1) {
        const breakdown = (lhr.audits["mainthread-work-breakdown"]?.details as { items?: Array<{ groupLabel: string; duration: number }> } | undefined)?.items ?? [];
        const bootup = (lhr.audits["bootup-time"]?.details as { items?: Array<{ url: string; scripting: number }> } | undefined)?.items ?? [];
        log(`(k) Lighthouse ${url}: main thread ${breakdown.map((item) => `${item.groupLabel} ${Math.round(item.duration)} ms`).join(", ")}; scripting by file: ${bootup.slice(0, 4).map((item) => `${item.url.split("/").pop()} ${Math.round(item.scripting)} ms`).join(", ")}`);
      }
    }
    const median = (key: "lcp" | "tbt") => percentile(results.map((result) => result[key]).sort((a, b) => a - b), 50);
    return { lcp: median("lcp"), tbt: median("tbt") };
  } finally {
    chrome.kill();
  }
}

async function lighthouseRows(channelUrl: string, cookie: string, runs: number): Promise<Row[]> {
  const bare = await serveBarePage();
  try {
    const baseline = await lighthouseMedians(bare.url, null, runs);
    const app = await lighthouseMedians(channelUrl, cookie, runs);
    log(`(k) Lighthouse (median of ${runs}): channel view LCP ${round(app.lcp)} ms, TBT ${round(app.tbt)} ms; bare page LCP ${round(baseline.lcp)} ms, TBT ${round(baseline.tbt)} ms`);
    const measure = `Lighthouse desktop (simulated 40 ms RTT, 10 Mbit/s, CPU 1×), channel view signed in, median of ${runs}`;
    return [
      { section: "k", measure: `${measure}: LCP`, confab: round(app.lcp), baseline: round(baseline.lcp), unit: "ms", better: "lower", target: { text: "< 1,500 ms", met: app.lcp < 1500 } },
      { section: "k", measure: `${measure}: total blocking time`, confab: round(app.tbt), baseline: round(baseline.tbt), unit: "ms", better: "lower", target: { text: "< 200 ms", met: app.tbt < 200 } },
    ];
  } finally {
    await bare.close();
  }
}

// --- Scrolling history -----------------------------------------------------------------------------------------

/** `cookie` as sessionCookie() makes it (name=value), for the origin of `url`. */
async function addSessionCookie(context: BrowserContext, url: string, cookie: string) {
  const separator = cookie.indexOf("=");
  await context.addCookies([{ name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: new URL(url).origin }]);
}

async function signedInContext(browser: Browser, baseUrl: string, cookie: string) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await addSessionCookie(context, baseUrl, cookie);
  return context;
}

async function openChannel(context: BrowserContext, url: string) {
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole("log").getByRole("article").first().waitFor();
  return page;
}

/**
 * Scrolling up through the long channel as fast as a flicked wheel goes (older pages arriving by keyset as it goes),
 * beside a bare page of as many plain rows scrolled the same way in the same browser: the floor this machine can do.
 */
async function scrollRows(browser: Browser, baseUrl: string, channelUrl: string, cookie: string, fixture: BrowserFixture, seconds: number): Promise<Row[]> {
  const barePage = await browser.newPage({ viewport: VIEWPORT });
  await barePage.setContent(`<div id="s" style="height:900px;overflow-y:auto">${Array.from({ length: fixture.historyMessages }, (_, i) => `<div style="padding:4px 20px">Message ${i} with some ordinary text</div>`).join("")}</div>`);
  await barePage.evaluate(() => document.getElementById("s")!.scrollTo(0, 1e9));
  const bare = await measureScroll(barePage, "#s", seconds);
  await barePage.close();

  const context = await signedInContext(browser, baseUrl, cookie);
  const page = await openChannel(context, channelUrl);
  let historyPages = 0;
  page.on("request", (request) => void (request.url().includes("messages.history") && historyPages++));
  const app = await measureScroll(page, '[data-testid="message-scroller"]', seconds);
  await context.close();
  const describe = (result: Scroll) => `frames p50 ${round(result.p50)} / p95 ${round(result.p95)} / p99 ${round(result.p99)} / max ${round(result.max)} ms, ${result.longTasks.length} long tasks (longest ${round(result.longestTask)} ms)`;
  log(`(k) scrolling up ${seconds} s through ${fixture.historyMessages.toLocaleString("en-US")} messages (${historyPages} older pages arrived): channel ${describe(app)}; bare page ${describe(bare)}`);
  const measure = `scrolling up through ${fixture.historyMessages.toLocaleString("en-US")} messages for ${seconds} s (${historyPages} older pages arrived)`;
  return [
    { section: "k", measure: `${measure}: frame p99`, confab: round(app.p99, 1), baseline: round(bare.p99, 1), unit: "ms", better: "lower", target: { text: "< 50 ms", met: app.p99 < 50 } },
    { section: "k", measure: `${measure}: longest long task`, confab: round(app.longestTask, 1), baseline: round(bare.longestTask, 1), unit: "ms", better: "lower", target: { text: "≤ 100 ms", met: app.longestTask <= 100 } },
  ];
}

type Scroll = Awaited<ReturnType<typeof measureScroll>>;

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
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0, longTasks: result.longTasks, longestTask: Math.max(0, ...result.longTasks) };
}

// --- A tab through hours of traffic ----------------------------------------------------------------------------

const MESSAGES_PER_SECOND = 10;
/**
 * The page's clock moves in steps of 4 simulated seconds, under tRPC's 5 s pong timeout: a ping the step fires is
 * answered (in real time, between steps) before a later step could fire its timeout, as it would be on a network.
 */
const CLOCK_STEP_MS = 4_000;

/**
 * A tab open on one of 100 channels while the other members send 10 messages a second spread over them all, for
 * `simulatedSeconds`, compressed in time: each step's sends go out together, as fast as the server answers them and
 * the tab takes them in, and the page's clock (Playwright's, installed before the page loads) runs forward by a tenth
 * of a second per message, firing the timers those hours would have fired (the 15 s clock tick, idle/away). The
 * clock also keeps running in real time between steps, so the tab lives a few real minutes more than simulated. The
 * JS heap is read after a forced garbage collection at every `readEverySeconds` of simulated time (a whole number of
 * clock steps).
 */
async function memoryRow(browser: Browser, baseUrl: string, cookie: string, fixture: BrowserFixture, plan: ReturnType<typeof planOf>): Promise<Row> {
  const context = await signedInContext(browser, baseUrl, cookie);
  await context.clock.install();
  // The long channel, which gets its hundredth of the traffic like every other.
  const openChannelId = fixture.historyChannelId;
  const page = await openChannel(context, `${baseUrl}/w/${fixture.slug}/c/${openChannelId}`);
  let sockets = 0;
  page.on("websocket", () => sockets++);
  const cdp = await context.newCDPSession(page);
  const heapMb = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    return (await cdp.send("Runtime.getHeapUsage")).usedSize / 1024 ** 2;
  };
  const senders = await Promise.all(fixture.senderIds.map(async (userId) => new StreamClient(`${baseUrl.replace(/^http/, "ws")}/api/ws`, await sessionCookie(userId))));
  await connectAll(senders);

  const total = plan.simulatedSeconds * MESSAGES_PER_SECOND;
  const perStep = (CLOCK_STEP_MS / 1000) * MESSAGES_PER_SECOND;
  const perReading = plan.readEverySeconds * MESSAGES_PER_SECOND;
  const readings = [{ simulatedSeconds: 0, heapMb: await heapMb() }];
  let lastOpenChannelBody = "";
  const sendOne = async (index: number) => {
    const channelId = fixture.trafficChannelIds[index % fixture.trafficChannelIds.length]!;
    const body = `traffic ${index}: the status of the release, see the notes before lunch`;
    if (channelId === openChannelId) lastOpenChannelBody = body;
    await senders[index % senders.length]!.mutate("messages.send", { channelId, body, clientNonce: crypto.randomUUID() });
  };
  const started = performance.now();
  let clock = Promise.resolve();
  for (let step = 0; step < total; ) {
    const stepEnd = step + perStep;
    await Promise.all(Array.from({ length: perStep }, (_, offset) => sendOne(step + offset)));
    // The page's clock runs on its main thread, after the deliveries queued before it: waiting for the previous
    // step's keeps the sends at most two steps ahead of what the tab has taken in, at whatever pace that is.
    await clock;
    clock = page.clock.runFor(CLOCK_STEP_MS);
    step = stepEnd;
    if (step % perReading === 0) {
      await clock;
      // Each reading at a pause in the sends, once the last deliveries are in: all read the tab in the same state.
      await sleep(500);
      readings.push({ simulatedSeconds: step / MESSAGES_PER_SECOND, heapMb: await heapMb() });
      log(`(k) tab heap after ${round(step / MESSAGES_PER_SECOND / 3600, 2)} simulated h (${step.toLocaleString("en-US")} messages, ${round((performance.now() - started) / 1000, 1)} s): ${round(readings.at(-1)!.heapMb, 1)} MB`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  // The open channel shows what it was sent: a tab that stopped receiving would hold its memory flat for free.
  const shown = await page.getByText(lastOpenChannelBody, { exact: true }).waitFor({ timeout: 10_000 }).then(() => true, () => false);
  for (const sender of senders) sender.close();
  await context.close();

  const first = readings[1]!;
  const last = readings.at(-1)!;
  log(`(k) ${total.toLocaleString("en-US")} messages in ${round(seconds, 1)} s (${Math.round(total / seconds)}/s); tab heap ${readings.map((reading) => round(reading.heapMb, 1)).join(" → ")} MB; last message of the open channel ${shown ? "shown" : "NOT shown"}; ${sockets} socket reconnects`);
  // Flat: within a tenth of the first reading, which leaves room for the collector's noise and for caches that are
  // still filling up to their bound, plus 2 MB, about what the open channel's own messages of the later hours
  // (0.1 a second, 2,520 in a full run) weigh as data a tab may rightly hold. More than that grows with the traffic.
  const bound = 1.1 * first.heapMb + 2;
  const span = (seconds: number) => (seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`);
  return {
    section: "k",
    measure: `tab JS heap after ${span(plan.simulatedSeconds)} of simulated traffic (100 channels, 10 msg/s, ${total.toLocaleString("en-US")} messages in ${Math.round(seconds)} s) vs after the first ${span(first.simulatedSeconds)}, ${sockets} socket reconnects${shown ? "" : " (the open channel stopped showing new messages)"}`,
    confab: round(last.heapMb, 1),
    baseline: round(first.heapMb, 1),
    unit: "MB",
    better: "lower",
    // The issue asks for eight hours: a shorter span is flat over less than asked, not met.
    target: { text: `≤ 1.1× the first ${span(first.simulatedSeconds)}'s + 2 MB over 8 h, the tab still receiving`, met: shown && last.heapMb <= bound && plan.simulatedSeconds >= 8 * 3600 },
  };
}
