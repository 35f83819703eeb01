/**
 * `npm run bench` (`-- --quick` for a pass of a few minutes): the production server against bare baselines measured
 * in the same run on the same machine. Prints a table and writes bench/results/<timestamp>.json. See the README's
 * Performance section for what each line measures.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { createApp } from "../src/server/actions/apps/create-app";
import { createInbox } from "../src/server/actions/support/create-inbox";
import { addChannelMember } from "../src/server/actions/channels/add-channel-member";
import { runAction, type Services, userActor } from "../src/server/actions/context";
import { createDbHandle, type Db } from "../src/server/db/client";
import { MemoryBus } from "../src/server/events/bus";
import { processServices } from "../src/server/services";
import { toSlackId } from "../src/server/slack/ids";
import { createInboxInput } from "../src/shared/support";
import { connectAll, Deliveries, sessionCookie, slackCall, SlackRateLimited, StreamClient, trpcMutation, trpcQuery } from "./clients";
import { COMMON_TERM, type Group, RARE_TERM, seedChannels, seedGroups, seedHistory, seedMixedPreferences } from "./seed";
import { measureBrowser, seedBrowserBench } from "./browser";
import { measureLargeWorkspace, seedLargeWorkspace } from "./large-workspace";
import { clientsOf, log, round, type Load, type Row } from "./rows";
import { collectGarbage, cpuSeconds, freshDatabase, productionBuilt, serverIdle, sleep, startServer, TEST_AUTH_SECRET, timed, waitForHealth, workersOf } from "./support";

const quick = process.argv.includes("--quick");
const outIndex = process.argv.indexOf("--out");
const resultsDir = outIndex > 0 ? process.argv[outIndex + 1]! : path.join(import.meta.dirname, "results");
// --only a,b: some sections, for working on one cause at a time (the seeding a section does not need is skipped too).
const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex > 0 ? new Set(process.argv[onlyIndex + 1]!.split(",")) : null;
const wants = (...sections: string[]) => !only || sections.some((section) => only.has(section));

const plan = quick
  ? {
      delivery: [{ clients: 200, channelSize: 100, rates: [200] }],
      windowMs: 3000,
      idleClients: 200,
      historyMessages: 20_000,
      sendSeconds: 2,
      samples: 50,
      webApi: { people: 100, rates: [50] },
      liveChat: { visitors: 200, agents: 20, rates: [20] },
    }
  : {
      delivery: [
        { clients: 1000, channelSize: 100, rates: [250, 1000] },
        { clients: 1000, channelSize: 1000, rates: [50, 100] },
        { clients: 5000, channelSize: 100, rates: [1000] },
        { clients: 5000, channelSize: 1000, rates: [100] },
      ],
      windowMs: 8000,
      idleClients: 2000,
      historyMessages: 1_000_000,
      sendSeconds: 8,
      samples: 300,
      webApi: { people: 100, rates: [100, 200] },
      liveChat: { visitors: 1000, agents: 20, rates: [50, 200] },
    };
// --delivery 1000x100@250,1000: (a)'s windows only for that many clients in channels of that size at those rates, to
// profile one of them (with --only a --profile).
const deliveryIndex = process.argv.indexOf("--delivery");
if (deliveryIndex > 0) {
  const [, clients, channelSize, rates] = /^(\d+)x(\d+)@([\d,]+)$/.exec(process.argv[deliveryIndex + 1] ?? "") ?? [];
  if (!rates) throw new Error("--delivery wants CLIENTSxCHANNEL_SIZE@RATE[,RATE…], e.g. 1000x100@250");
  plan.delivery = [{ clients: Number(clients), channelSize: Number(channelSize), rates: rates.split(",").map(Number) }];
}
const SEND_CONCURRENCY = 32;
const PORT = 3400;
const BARE_PORT = 3410;
const SERVER_INSPECTOR_PORT = 9401;
const BARE_INSPECTOR_PORT = 9411;

const rows: Row[] = [];
// Against the baseline measured in this run; one with nothing to hold against (a baseline of 0) is not met.
const atLeast = (factor: number, confab: number, baseline: number, of: string) => ({ text: `≥ ${factor}× ${of}`, met: baseline > 0 && confab >= factor * baseline });
const atMost = (factor: number, confab: number, baseline: number, of: string) => ({ text: `≤ ${factor}× ${of}`, met: baseline > 0 && confab <= factor * baseline });
// A baseline that fell short of the offered load was held back (by the load generator on the same cores, or by its
// own limits): its true rate is higher and its latency lower than measured, so a ratio to it proves nothing.
const keptUp = (baseline: DeliveryWindow) => baseline.achievedRate >= 0.99 * baseline.offeredRate && baseline.delivered === baseline.expected;
const atFullLoad = (baseline: DeliveryWindow, target: Row["target"]) => ({ text: `${target.text} at full load`, met: target.met && keptUp(baseline) });

function rssKb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
}

/** CPU seconds all of the machine's cores have been busy so far (not idle nor waiting on I/O), from /proc/stat. */
function hostBusySeconds() {
  const [user, nice, system, _idle, _iowait, irq, softirq, steal] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
}

/**
 * A PROCESSES=n server's processes, the supervisor and its workers, once all n workers run and have had the time to
 * start listening (the first healthy answer comes from whichever worker was ready first).
 */
async function clusterPids(supervisor: number, workers: number) {
  if (workers === 1) return [supervisor];
  for (const giveUpAt = performance.now() + 30_000; workersOf(supervisor).length < workers; await sleep(100)) {
    if (performance.now() > giveUpAt) throw new Error(`${workers} server processes did not all start`);
  }
  await sleep(3000);
  return [supervisor, ...workersOf(supervisor)];
}

/** Sends awaiting their answer at most: a server that stops answering holds this many requests, not thousands. */
const MOST_IN_FLIGHT = 256;

/**
 * Offers `rate` sends per second for the window on a fixed schedule (open loop: send i is due i / rate seconds in,
 * whatever became of the sends before it), then waits for the deliveries. A send that could not go out when due
 * (MOST_IN_FLIGHT answers outstanding) goes out as soon as it can, for at most one more window, and is timed from its
 * schedule all the same; one still waiting then is never sent, and its deliveries count as missing.
 * Also tells how busy the server and this load generator were (in cores), since all of them share the machine.
 */
async function deliveryWindow(serverPids: number[], clients: StreamClient[], groups: number, groupSize: number, rate: number, send: Send) {
  const serverCpu = () => serverPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const serverCpuBefore = serverCpu();
  const hostBusyBefore = hostBusySeconds();
  const loadCpuBefore = process.cpuUsage();
  const cutOffBefore = clientsOf(clients).cutOff;
  const started = performance.now();
  const deliveries = new Deliveries(Array.from({ length: Math.round((plan.windowMs / 1000) * rate) }, (_, index) => started + (index * 1000) / rate), groupSize);
  for (const client of clients) client.deliveries = deliveries;
  let sent = 0;
  let accepted = 0;
  let failed = 0;
  let lastAcceptedAt = started;
  const inFlight = () => sent - accepted - failed;
  for (const giveUpAt = started + 2 * plan.windowMs; sent < deliveries.sends && performance.now() < giveUpAt; await sleep(1)) {
    for (; sent < deliveries.sends && deliveries.scheduledAt(sent) <= performance.now() && inFlight() < MOST_IN_FLIGHT; sent++) {
      void send(sent % groups, deliveries.stamp(sent, "bench message")).then(
        () => {
          accepted++;
          lastAcceptedAt = performance.now();
        },
        () => failed++,
      );
    }
  }
  // Drain: until every send was answered and all it owes arrived, or two seconds pass with no answer and no delivery.
  for (let last = -1, still = 0; still < 20 && (inFlight() > 0 || deliveries.delivered < accepted * groupSize); await sleep(100)) {
    const progress = deliveries.delivered + accepted + failed;
    still = progress === last ? still + 1 : 0;
    last = progress;
  }
  const gaveUpAt = performance.now();
  const [p50, p95, p99] = deliveries.percentiles(gaveUpAt, 50, 95, 99).map((value) => round(value));
  const loadCpu = process.cpuUsage(loadCpuBefore);
  const serverCpuSpent = serverCpu() - serverCpuBefore;
  const after = clientsOf(clients);
  // Over the window, or until the last answer or delivery when they came later: a rate over the window alone would
  // credit the server with work it finished after it.
  const perSecondUntil = (lastAt: number) => Math.max(plan.windowMs, lastAt - started) / 1000;
  return {
    serverCores: round(serverCpuSpent / ((gaveUpAt - started) / 1000)),
    // All an answered send cost the server, its deliveries included.
    serverCpuMsPerSend: round((serverCpuSpent * 1000) / accepted),
    loadGeneratorCores: round((loadCpu.user + loadCpu.system) / 1e6 / ((gaveUpAt - started) / 1000)),
    // The whole machine: the server, the load generator and, beside them, the database and Redis.
    hostCores: round((hostBusySeconds() - hostBusyBefore) / ((gaveUpAt - started) / 1000)),
    offeredRate: rate,
    achievedRate: round(accepted / perSecondUntil(lastAcceptedAt), 1),
    offered: deliveries.sends,
    sent,
    accepted,
    failed,
    expected: deliveries.expected,
    delivered: deliveries.delivered,
    deliveriesPerSecond: round(deliveries.delivered / perSecondUntil(deliveries.lastAt)),
    ...after,
    // In this window: a client cut off in an earlier one is already missing from `connected`.
    cutOff: after.cutOff - cutOffBefore,
    p50: p50!,
    p95: p95!,
    p99: p99!,
  };
}
type Send = (group: number, body: string) => Promise<unknown>;
type DeliveryWindow = Awaited<ReturnType<typeof deliveryWindow>>;
const describeWindow = (window: DeliveryWindow) =>
  `${window.achievedRate} of ${window.offeredRate} sends/s, ${window.delivered}/${window.expected} delivered (${window.deliveriesPerSecond}/s), p50 ${window.p50} / p95 ${window.p95} / p99 ${window.p99} ms, ${window.cutOff} cut off; server ${window.serverCores} cores (${window.serverCpuMsPerSend} ms per send), load generator ${window.loadGeneratorCores}, whole host ${window.hostCores} of ${os.availableParallelism()}`;

/**
 * How many of `clients` are still connected and receiving: each group gets one more message, and a client counts
 * when it arrives within ten seconds.
 */
async function held(clients: StreamClient[], groups: number, send: Send) {
  const marker = `probe-${crypto.randomUUID()}`;
  const arrivals = clients.map((client) => client.receives(marker, 10_000));
  await Promise.allSettled(Array.from({ length: groups }, (_, group) => send(group, marker)));
  return (await Promise.all(arrivals)).filter(Boolean).length;
}

/** `--inspect` without printing its address: the bench collects garbage through it before reading memory. */
const inspectorArgs = (port: number) => [`--inspect=127.0.0.1:${port}`, "--inspect-publish-uid=http"];

function startBareServer(): Promise<{ pid: number; inspectorPort: number; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [...inspectorArgs(BARE_INSPECTOR_PORT), "--import", "tsx", path.join(import.meta.dirname, "bare-ws-server.ts")], { env: { ...process.env, PORT: String(BARE_PORT) }, stdio: "inherit" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.once("exit", () => child.kill("SIGKILL"));
  return waitForHealth(`http://127.0.0.1:${BARE_PORT}`).then(() => ({ pid: child.pid!, inspectorPort: BARE_INSPECTOR_PORT, stop: async () => void (child.kill(), await exited) }));
}

async function clientsFor(wsUrl: (member: string, group: number) => string, groups: Group[], count: number, from = 0) {
  const clients: StreamClient[] = [];
  const members = groups.flatMap((group, index) => group.members.map((member) => ({ member, index }))).slice(from, count);
  for (const { member, index } of members) clients.push(new StreamClient(wsUrl(member, index), await sessionCookie(member)));
  await connectAll(clients);
  return clients;
}

/**
 * Resident memory each further idle client adds: RSS with all the clients connected minus RSS with half of them, each
 * read right after a full garbage collection. Counting from zero clients would charge them what does not grow with
 * their number (V8's young generation expands to its full semi-spaces under a connection burst: tens of MB), and an
 * RSS read without a collection varied by ±20 KB per client from run to run.
 */
async function memoryPerIdleClient(target: { pid: number; inspectorPort: number }, count: number, connect: (count: number, from: number) => Promise<StreamClient[]>) {
  const settledRssKb = async () => {
    await sleep(1000);
    await collectGarbage(target.inspectorPort);
    return rssKb(target.pid);
  };
  const half = Math.floor(count / 2);
  const first = await connect(half, 0);
  const before = await settledRssKb();
  const connectedBefore = clientsOf(first).connected;
  const second = await connect(count, half);
  const after = await settledRssKb();
  const clients = clientsOf([...first, ...second]);
  for (const client of [...first, ...second]) client.close();
  // Over the clients the server still held at each reading, not the ones opened: a client it dropped costs it nothing.
  return { bytesPerClient: ((after - before) * 1024) / (clients.connected - connectedBefore), clients };
}

interface Lane {
  userId: string;
  channelId: string;
}

/**
 * Closed-loop sends over WebSocket, one author per lane, each waiting for its answer before the next (b's shape), after
 * a one-second warm-up; counted until the server is idle again, so the background work the sends left behind (notify
 * jobs) is inside the time and the CPU.
 */
async function sendsUntilIdle(wsBase: string, serverPid: number, lanes: Lane[], bodyOf: (lane: number) => string) {
  const clients = await Promise.all(lanes.map(async (lane) => new StreamClient(wsBase, await sessionCookie(lane.userId))));
  await connectAll(clients);
  const loop = async (seconds: number) => {
    let sent = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      clients.map(async (client, lane) => {
        for (; performance.now() < until; sent++) await client.mutate("messages.send", { channelId: lanes[lane]!.channelId, body: bodyOf(lane), clientNonce: crypto.randomUUID() });
      }),
    );
    return sent;
  };
  await loop(1);
  await serverIdle(serverPid);
  const cpuBefore = cpuSeconds(serverPid);
  const started = performance.now();
  const sent = await loop(plan.sendSeconds);
  await serverIdle(serverPid);
  const seconds = (performance.now() - started) / 1000;
  for (const client of clients) client.close();
  return { rate: sent / seconds, cpuMs: ((cpuSeconds(serverPid) - cpuBefore) * 1000) / sent };
}

type NotifyScenario = { lanes: Lane[]; bodyOf: (lane: number) => string };
type NotifyScenarios = Record<"single" | "quiet" | "mixed", NotifyScenario>;

type NotifyCosts = Record<keyof NotifyScenarios, { rate: number; cpuMs: number }>;

async function measureNotifyScenarios(wsBase: string, serverPid: number, scenarios: NotifyScenarios) {
  const measured = {} as NotifyCosts;
  for (const key of ["single", "quiet", "mixed"] as const) {
    measured[key] = await sendsUntilIdle(wsBase, serverPid, scenarios[key].lanes, scenarios[key].bodyOf);
    log(`(g) ${key}: ${Math.round(measured[key].rate)} sends/s, server CPU ${round(measured[key].cpuMs)} ms per send`);
  }
  return measured;
}

/**
 * (h)'s app: chat:write, its bot in every channel of the group's workspace, made through the actions an admin's
 * clicks take (the app, its bot user and hashed token; the bot added to each channel). chat.postMessage takes 3 posts
 * a second per channel (429 past that): one channel for each send a second at the highest rate keeps the limiter out
 * of what is measured.
 */
// Actions run in this process while no server listens yet, and a Redis connection would keep it alive after the run.
const seedingServices = (db: Db) => Object.create(processServices, { db: { value: db }, bus: { value: new MemoryBus() } }) as Services;

async function seedWebApiApp(db: Db, group: Group) {
  const channelIds = await seedChannels(db, group, Math.max(...plan.webApi.rates));
  const services = seedingServices(db);
  const owner = userActor(group.members[0]!);
  const { app, botToken } = await runAction(owner, createApp, { workspaceId: group.workspaceId, name: "Bench Bot", description: "", scopes: ["chat:write"] }, services);
  for (const channelId of channelIds) await runAction(owner, addChannelMember, { channelId, userId: app.botUserId }, services);
  return { group, channelIds, botToken };
}

const LIVE_CHAT_SITE = "https://shop.bench.test";

/**
 * (i)'s support team: the agents, and an inbox they all answer, made as an admin makes it in settings; automatic
 * assignment spreads the conversations over them, as many each as it takes.
 */
async function seedLiveChat(db: Db) {
  const { agents, visitors } = plan.liveChat;
  const [team] = await seedGroups(db, agents, agents, "agents");
  const inbox = await runAction(
    userActor(team!.members[0]!),
    createInbox,
    createInboxInput.parse({ workspaceId: team!.workspaceId, name: "Bench help", allowedOrigins: [LIVE_CHAT_SITE], agentIds: team!.members, autoAssignLimit: Math.ceil(visitors / agents) + 1 }),
    seedingServices(db),
  );
  return { team: team!, inboxKey: inbox.key };
}

/**
 * (i)'s visitors, each from an address of their own (the server trusts X-Forwarded-For in this run; per-address
 * limits would otherwise refuse a thousand visitors from one machine, as they should): a widget session, a first
 * message that starts a conversation, then the widget's stream.
 */
async function liveChatVisitors(base: string, wsBase: string, inboxKey: string) {
  const visitors: Array<{ headers: Record<string, string>; conversationId: string; client: StreamClient }> = [];
  for (let from = 0; from < plan.liveChat.visitors; from += 20) {
    const batch = Array.from({ length: Math.min(20, plan.liveChat.visitors - from) }, async (_, offset) => {
      const index = from + offset;
      const address = { "x-forwarded-for": `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}` };
      const { token } = await trpcMutation<{ token: string }>(base, address, "widget.session", { inboxKey, hostOrigin: LIVE_CHAT_SITE, pageUrl: `${LIVE_CHAT_SITE}/pricing`, referrer: "", timeZone: "Europe/Paris" });
      const headers = { ...address, "x-confab-visitor": token };
      const { conversation } = await trpcMutation<{ conversation: { id: string } }>(base, headers, "widget.start", { name: `Visitor ${index}`, email: "", fields: {}, body: "Hello, I have a question", clientNonce: crypto.randomUUID() });
      const client = new StreamClient(wsBase, "", { path: "widget.stream", input: { tabId: crypto.randomUUID() }, connectionParams: { visitorToken: token }, messageEvents: ["message"] });
      return { headers, conversationId: conversation.id, client };
    });
    visitors.push(...(await Promise.all(batch)));
  }
  await connectAll(visitors.map((visitor) => visitor.client));
  return visitors;
}

async function main() {
  const startedAt = new Date();
  if (!productionBuilt()) {
    log("no production build yet: running npm run build");
    if (spawnSync("npm", ["run", "build"], { stdio: "inherit" }).status !== 0) throw new Error("npm run build failed");
  }
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  const database = databaseUrl ? await freshDatabase(databaseUrl, "bench") : null;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "confab-bench-"));
  // This process reads the servers' settings too, once it runs actions ((h)'s createApp seals the app's signing
  // secret with AUTH_SECRET): their secret, and this run's folder rather than one in the working directory.
  Object.assign(process.env, { AUTH_SECRET: TEST_AUTH_SECRET, DATA_DIR: dataDir });
  log(`database: ${database ? "PostgreSQL (fresh database)" : "embedded PGlite"}; bus: ${redisUrl ? "Redis" : "in-process"}; ${quick ? "quick" : "full"} run`);

  // Seed, and measure the raw-SQL baselines, before the server opens the database (PGlite allows one process).
  const handle = createDbHandle(database ? { databaseUrl: database.url, poolSize: 10 } : { dataDir });
  await handle.migrate();
  const db: Db = handle.db;
  const maxClients = Math.max(...plan.delivery.map((scenario) => scenario.clients), plan.idleClients);
  let seedStarted = performance.now();
  const populations = new Map<number, Group[]>();
  if (wants("a", "e", "f")) for (const size of new Set(plan.delivery.map((scenario) => scenario.channelSize))) populations.set(size, await seedGroups(db, maxClients, size, `g${size}`));
  const senders = await seedGroups(db, SEND_CONCURRENCY, 1, "send");
  const [historyGroup] = await seedGroups(db, 5, 5, "history");
  const [quietChannel] = wants("g") ? await seedGroups(db, 1000, 1000, "notify-defaults") : [];
  const [mixedChannel] = wants("g") ? await seedGroups(db, 1000, 1000, "notify-mixed") : [];
  if (mixedChannel) await seedMixedPreferences(db, mixedChannel);
  const [webApiGroup] = wants("h") ? await seedGroups(db, plan.webApi.people, plan.webApi.people, "webapi") : [];
  const webApi = webApiGroup && (await seedWebApiApp(db, webApiGroup));
  const liveChat = wants("i") ? await seedLiveChat(db) : null;
  const largeWorkspace = wants("j") ? await seedLargeWorkspace(db, { quick }) : null;
  const browserBench = wants("k") ? await seedBrowserBench(db, { quick }) : null;
  const authorsOf = (group: Group): Lane[] => group.members.slice(0, SEND_CONCURRENCY).map((userId) => ({ userId, channelId: group.channelId }));
  // Three of the members who do not send, different ones each message.
  const mentioned = (group: Group) => group.members[SEND_CONCURRENCY + Math.floor(Math.random() * (group.members.length - SEND_CONCURRENCY))];
  const notifyScenarios: NotifyScenarios | null =
    quietChannel && mixedChannel
      ? {
          single: { lanes: senders.map((group) => ({ userId: group.members[0]!, channelId: group.channelId })), bodyOf: () => "bench send" },
          quiet: { lanes: authorsOf(quietChannel), bodyOf: () => "bench send" },
          mixed: { lanes: authorsOf(mixedChannel), bodyOf: () => `deploy is out, <@${mentioned(mixedChannel)}> <@${mentioned(mixedChannel)}> <@${mentioned(mixedChannel)}> please check` },
        }
      : null;
  log(`seeded ${maxClients} people per channel size in ${round((performance.now() - seedStarted) / 1000, 1)} s`);
  seedStarted = performance.now();
  const historyMessages = wants("c", "d") ? plan.historyMessages : 0;
  const history = await seedHistory(db, historyGroup!, historyMessages);
  const seedSeconds = round((performance.now() - seedStarted) / 1000, 1);
  // Planner statistics, as a database in use has them (autovacuum would gather them minutes later).
  await db.execute(sql`analyze`);
  log(`seeded ${historyMessages.toLocaleString("en-US")} messages in ${seedSeconds} s`);

  const randomSeq = () => 100 + Math.floor(Math.random() * (plan.historyMessages - 100));
  const rawHistory = wants("c") && (await timed(plan.samples, () => db.execute(sql`select * from messages where channel_id = ${historyGroup!.channelId} and seq < ${randomSeq()} and (thread_root_id is null or also_in_channel) order by seq desc limit 50`)));
  const rawThread = wants("c") && (await timed(plan.samples, (index) => db.execute(sql`select * from messages where thread_root_id = ${history.rootIds[index % history.rootIds.length]} order by seq`)));
  const rawSearch = async (term: string, scoped: boolean) =>
    timed(Math.min(plan.samples, 100), () =>
      db.execute(sql`select m.id from messages m join channels c on c.id = m.channel_id where c.workspace_id = ${historyGroup!.workspaceId}
        ${scoped ? sql`and m.channel_id = ${historyGroup!.channelId}` : sql``} and m.search @@ plainto_tsquery('english', ${term}) order by m.created_at desc limit 20`),
    );
  const rawSearches = wants("d") && { rareScoped: await rawSearch(RARE_TERM, true), commonScoped: await rawSearch(COMMON_TERM, true), rareWide: await rawSearch(RARE_TERM, false), commonWide: await rawSearch(COMMON_TERM, false) };
  // Plain INSERT … RETURNING with the same pool and concurrency as the sends below.
  let inserted = 0;
  const insertsStarted = performance.now();
  if (wants("b")) await Promise.all(
    senders.map(async (group, lane) => {
      for (let seq = 1_000_000_000 + lane * 1_000_000; performance.now() < insertsStarted + plan.sendSeconds * 1000; seq++) {
        await db.execute(sql`insert into messages (id, channel_id, seq, author_id, body) values (gen_random_uuid()::text, ${group.channelId}, ${seq}, ${group.members[0]}, ${"baseline insert"}) returning id`);
        inserted++;
      }
    }),
  );
  const rawInsertRate = inserted / ((performance.now() - insertsStarted) / 1000);
  await handle.close();

  // Email configured, so notifications enqueue missed-activity batches (due after 15 minutes: none is sent in the run).
  // Behind a proxy as far as the server knows: (i)'s visitors each come from an address of their own.
  const serverEnv = { ...(database ? { DATABASE_URL: database.url } : { DATA_DIR: dataDir }), ...(redisUrl && { REDIS_URL: redisUrl }), SMTP_URL: "smtp://127.0.0.1:9", TRUST_PROXY: "true" };
  // (g): the sends alone, on a server that leaves its jobs to other processes (RUN_JOBS=false; the jobs it wrote are
  // dropped), then the same sends with their jobs on a server started the same way right after it. Measured on the
  // long-running server instead, the second would have had minutes of warm-up the first never got.
  let notifyCost: { sentAlone: NotifyCosts; withJobs: NotifyCosts } | null = null;
  if (notifyScenarios) {
    // What a (g) server left queued goes with it: the next server would otherwise run it, and the email batches fall
    // due 15 minutes in, in the middle of a later section, failing against the bench's dead SMTP port and retrying.
    const dropLeftoverJobs = async () => {
      const cleanup = createDbHandle(database ? { databaseUrl: database.url, poolSize: 1 } : { dataDir });
      await cleanup.db.execute(sql`delete from jobs`);
      await cleanup.db.execute(sql`delete from email_queue`);
      await cleanup.close();
    };
    const alone = await startServer({ port: PORT, env: { ...serverEnv, RUN_JOBS: "false" } });
    const sentAlone = await measureNotifyScenarios(`ws://127.0.0.1:${PORT}/api/ws`, alone.pid, notifyScenarios);
    await alone.stop();
    await dropLeftoverJobs();
    const withJobsServer = await startServer({ port: PORT, env: serverEnv });
    notifyCost = { sentAlone, withJobs: await measureNotifyScenarios(`ws://127.0.0.1:${PORT}/api/ws`, withJobsServer.pid, notifyScenarios) };
    await withJobsServer.stop();
    await dropLeftoverJobs();
  }

  // --profile DIR: the server writes a CPU profile there when it stops (open it in Chrome's DevTools).
  const profileIndex = process.argv.indexOf("--profile");
  const nodeArgs = [...inspectorArgs(SERVER_INSPECTOR_PORT), ...(profileIndex > 0 ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.argv[profileIndex + 1]!)}`] : [])];
  const server = await startServer({ port: PORT, env: serverEnv, nodeArgs });
  const base = `http://127.0.0.1:${PORT}`;
  const wsBase = `ws://127.0.0.1:${PORT}/api/ws`;
  try {
    const deliveryResults: Array<Record<string, unknown>> = [];
    const reader = await sessionCookie(historyGroup!.members[0]!);
    if (wants("e")) {
      // (e) Memory per idle connected client, against the bare server's.
      const idleGroups = populations.get(100) ?? [...populations.values()][0]!;
      const bare = await startBareServer();
      const bareMemory = await memoryPerIdleClient(bare, plan.idleClients, (count, from) =>
        clientsFor((_member, group) => `ws://127.0.0.1:${BARE_PORT}/?group=${group}`, idleGroups, count, from),
      );
      await bare.stop();
      await trpcQuery(base, await sessionCookie(idleGroups[0]!.members[0]!), "users.me", undefined);
      const memory = await memoryPerIdleClient({ pid: server.pid, inspectorPort: SERVER_INSPECTOR_PORT }, plan.idleClients, (count, from) => clientsFor(() => wsBase, idleGroups, count, from));
      rows.push({
        section: "e",
        measure: `memory per idle client (${plan.idleClients} opened)`,
        confab: round(memory.bytesPerClient / 1024, 1),
        baseline: round(bareMemory.bytesPerClient / 1024, 1),
        unit: "KB",
        better: "lower",
        // A reading below zero is the garbage collector's noise, not a client that costs nothing.
        target: { text: "< 30 KB", met: memory.bytesPerClient > 0 && memory.bytesPerClient < 30 * 1024 },
        load: { confab: memory.clients, baseline: bareMemory.clients },
      });
      await sleep(1000);
    }

    if (wants("a")) {
      // (a) Delivery at several offered rates, against a bare ws server broadcasting the same messages.
      for (const scenario of plan.delivery) {
        const groups = populations.get(scenario.channelSize)!.slice(0, Math.ceil(scenario.clients / scenario.channelSize));
        const label = `${scenario.clients.toLocaleString("en-US")} clients, ${scenario.channelSize.toLocaleString("en-US")}-member channels`;
        const bareServer = await startBareServer();
        const bareClients = await clientsFor((_member, group) => `ws://127.0.0.1:${BARE_PORT}/?group=${group}`, groups, scenario.clients);
        const confabClients = await clientsFor(() => wsBase, groups, scenario.clients);
        // Presence of everyone who just connected has to settle before measuring.
        await sleep(quick ? 2000 : 4000);
        const cookies = await Promise.all(groups.map((group) => sessionCookie(group.members[0]!)));
        const bareSend: Send = (group, body) => fetch(`http://127.0.0.1:${BARE_PORT}/send?group=${group}`, { method: "POST", body }).then((response) => response.text());
        const confabSend: Send = (group, body) => trpcMutation(base, cookies[group]!, "messages.send", { channelId: groups[group]!.channelId, body, clientNonce: crypto.randomUUID() });
        for (const rate of scenario.rates) {
          const baseline = await deliveryWindow([bareServer.pid], bareClients, groups.length, scenario.channelSize, rate, bareSend);
          const confab = await deliveryWindow([server.pid], confabClients, groups.length, scenario.channelSize, rate, confabSend);
          deliveryResults.push({ scenario: label, rate, confab, baseline });
          for (const [name, window] of [["Confab", confab], ["bare", baseline]] as const) log(`${label} @ ${rate} msg/s, ${name}: ${describeWindow(window)}`);
          const load = { confab, baseline };
          rows.push({ section: "a", measure: `${label} @ ${rate} msg/s: deliveries/s`, confab: confab.deliveriesPerSecond, baseline: baseline.deliveriesPerSecond, unit: "/s", better: "higher", target: atFullLoad(baseline, atLeast(0.5, confab.deliveriesPerSecond, baseline.deliveriesPerSecond, "bare")), load });
          rows.push({ section: "a", measure: `${label} @ ${rate} msg/s: latency p99`, confab: confab.p99, baseline: baseline.p99, unit: "ms", better: "lower", target: atFullLoad(baseline, atMost(3, confab.p99, baseline.p99, "bare")), load });
        }
        const bareHeld = await held(bareClients, groups.length, bareSend);
        const confabHeld = await held(confabClients, groups.length, confabSend);
        rows.push({
          section: "a",
          measure: `${label}: held (connected and receiving at the end)`,
          confab: confabHeld,
          baseline: bareHeld,
          unit: "",
          better: "higher",
          target: { text: `${scenario.clients.toLocaleString("en-US")} held`, met: confabHeld === scenario.clients },
          load: { confab: clientsOf(confabClients), baseline: clientsOf(bareClients) },
        });
        for (const client of [...bareClients, ...confabClients]) client.close();
        await bareServer.stop();
        await sleep(1000);
      }
    }

    if (wants("b")) {
      // (b) Persisted sends through the real procedure, over HTTP and over WebSocket, against plain INSERTs; each after
      // a warm-up, so what is measured is the steady state rather than the first requests' module loading and JIT.
      const senderCookies = await Promise.all(senders.map((group) => sessionCookie(group.members[0]!)));
      const sendsPerSecond = async (seconds: number, sendOnLane: (lane: number) => Promise<unknown>) => {
        let sent = 0;
        const cpuBefore = cpuSeconds(server.pid);
        const started = performance.now();
        await Promise.all(
          senders.map(async (_group, lane) => {
            for (; performance.now() < started + seconds * 1000; sent++) await sendOnLane(lane);
          }),
        );
        // Until the last answer, which comes after the deadline: the sends it counts took that long.
        const rate = sent / ((performance.now() - started) / 1000);
        log(`${Math.round(rate)} sends/s, server CPU ${round(((cpuSeconds(server.pid) - cpuBefore) * 1000) / sent)} ms per send`);
        return rate;
      };
      const overHttp = (lane: number) => trpcMutation(base, senderCookies[lane]!, "messages.send", { channelId: senders[lane]!.channelId, body: "bench send", clientNonce: crypto.randomUUID() });
      await sendsPerSecond(2, overHttp);
      const httpRate = await sendsPerSecond(plan.sendSeconds, overHttp);
      const wsSenders = await Promise.all(senderCookies.map((cookie) => new StreamClient(wsBase, cookie)));
      await connectAll(wsSenders);
      const overWs = (lane: number) => wsSenders[lane]!.mutate("messages.send", { channelId: senders[lane]!.channelId, body: "bench send", clientNonce: crypto.randomUUID() });
      await sendsPerSecond(2, overWs);
      const wsRate = await sendsPerSecond(plan.sendSeconds, overWs);
      for (const client of wsSenders) client.close();
      // Both bounds: the INSERT baseline's own speed varies from day to day on this machine (3,000 to 7,500/s).
      const target = (rate: number) => ({ text: "≥ 2,000/s and ≥ 0.5× INSERT", met: rate >= 2000 && rate >= 0.5 * rawInsertRate });
      rows.push({ section: "b", measure: "persisted sends over HTTP", confab: round(httpRate), baseline: round(rawInsertRate), unit: "/s", better: "higher", target: target(httpRate) });
      rows.push({ section: "b", measure: "persisted sends over WebSocket", confab: round(wsRate), baseline: round(rawInsertRate), unit: "/s", better: "higher", target: target(wsRate) });
    }

    if (rawHistory && rawThread) {
      // (c) History pages and threads on the big channel, against the raw SQL.
      const historyTimes = await timed(plan.samples, () => trpcQuery(base, reader, "messages.history", { channelId: historyGroup!.channelId, beforeSeq: randomSeq() }));
      const threadTimes = await timed(plan.samples, (index) => trpcQuery(base, reader, "messages.thread", { rootId: history.rootIds[index % history.rootIds.length] }));
      log(`history page p50 ${round(historyTimes.p50)} ms (raw ${round(rawHistory.p50)}), thread p50 ${round(threadTimes.p50)} ms (raw ${round(rawThread.p50)})`);
      // A thread is a page of messages too, held to the history page's bound.
      rows.push({ section: "c", measure: `history page (50 of ${plan.historyMessages.toLocaleString("en-US")}) p99`, confab: round(historyTimes.p99), baseline: round(rawHistory.p99), unit: "ms", better: "lower", target: { text: "< 10 ms", met: historyTimes.p99 < 10 } });
      rows.push({ section: "c", measure: "thread (root + 50 replies) p99", confab: round(threadTimes.p99), baseline: round(rawThread.p99), unit: "ms", better: "lower", target: { text: "< 10 ms", met: threadTimes.p99 < 10 } });
    }

    if (rawSearches) {
      // (d) Search, rare and common words, in the channel and across the workspace.
      // Most relevant first (the search box's default), every other sample the second page: ranked and paginated.
      const search = (query: string) =>
        timed(Math.min(plan.samples, 100), (index) => trpcQuery(base, reader, "search.workspace", { workspaceId: historyGroup!.workspaceId, query, sort: "relevant", cursor: index % 2 === 0 ? 0 : 20 }));
      const searches = {
        rareScoped: await search(`${RARE_TERM} in:#bench`),
        commonScoped: await search(`${COMMON_TERM} in:#bench`),
        rareWide: await search(RARE_TERM),
        commonWide: await search(COMMON_TERM),
      };
      // A rare word is held to 20 ms, a common one to 100 (it ranks a few hundred candidates); in one channel as across
      // the workspace, since it is the same search box.
      for (const [key, label, bound] of [["rareScoped", "rare word, in the channel", 20], ["commonScoped", "common word, in the channel", 100], ["rareWide", "rare word, workspace-wide", 20], ["commonWide", "common word, workspace-wide", 100]] as const) {
        rows.push({ section: "d", measure: `search, most relevant, pages 1–2: ${label} p99`, confab: round(searches[key].p99), baseline: round(rawSearches[key].p99), unit: "ms", better: "lower", target: { text: `< ${bound} ms`, met: searches[key].p99 < bound } });
      }
    }

    // (f) One host's cores: 1, 2, … server processes, as many as it has (PROCESSES=n: node:cluster sharing one port,
    // fanning out through Redis), each offered more sends than one process completes, so each count runs at its
    // capacity; every added core should add at least 0.8 of one process's deliveries.
    if (database && redisUrl && !quick && wants("f")) {
      const cores = os.availableParallelism();
      const groups = populations.get(100)!.slice(0, 10);
      const rate = 1000;
      const clusterPort = PORT + 1;
      const cookies = await Promise.all(groups.map((group) => sessionCookie(group.members[0]!)));
      const send: Send = (group, body) => trpcMutation(`http://127.0.0.1:${clusterPort}`, cookies[group]!, "messages.send", { channelId: groups[group]!.channelId, body, clientNonce: crypto.randomUUID() });
      let one: DeliveryWindow | null = null;
      for (let processes = 1; processes <= cores; processes++) {
        const cluster = await startServer({ port: clusterPort, env: { ...serverEnv, PROCESSES: String(processes) } });
        try {
          const pids = await clusterPids(cluster.pid, processes);
          const clients = await clientsFor(() => `ws://127.0.0.1:${clusterPort}/api/ws`, groups, 1000);
          await sleep(3000);
          const window = await deliveryWindow(pids, clients, groups.length, 100, rate, send);
          for (const client of clients) client.close();
          log(`(f) ${processes} of ${cores} processes: ${describeWindow(window)}`);
          deliveryResults.push({ scenario: `${processes} processes`, rate, confab: window });
          one ??= window;
          if (processes === 1) continue;
          const load = { confab: window, baseline: one };
          const factor = round(1 + 0.8 * (processes - 1), 1);
          const shares = `server ${window.serverCores} cores, load generator ${window.loadGeneratorCores}, host ${window.hostCores} of ${cores}`;
          rows.push({ section: "f", measure: `${processes} processes vs one (${shares}), 1,000 clients @ ${rate} msg/s: deliveries/s`, confab: window.deliveriesPerSecond, baseline: one.deliveriesPerSecond, unit: "/s", better: "higher", target: atLeast(factor, window.deliveriesPerSecond, one.deliveriesPerSecond, "one (0.8 per added core)"), load });
          // The same allowance over its baseline as (a)'s latency over the bare server's.
          rows.push({ section: "f", measure: `${processes} processes vs one: latency p99`, confab: window.p99, baseline: one.p99, unit: "ms", better: "lower", target: atMost(3, window.p99, one.p99, "one process"), load });
        } finally {
          await cluster.stop();
        }
      }
    } else if (wants("f")) {
      log(quick ? "(f) processes: skipped in quick mode" : "(f) processes: skipped (needs DATABASE_URL and REDIS_URL)");
    }

    if (notifyCost) {
      const { sentAlone, withJobs } = notifyCost;
      // The CPU bound is the rate's: at most a tenth more per send.
      for (const [key, measure] of [["single", "(b)'s one-member channels"], ["quiet", "1,000 members on defaults"], ["mixed", "1,000 members, mixed preferences, 3 mentions + keyword"]] as const) {
        rows.push({ section: "g", measure: `${measure}: sends/s with notify jobs`, confab: round(withJobs[key].rate), baseline: round(sentAlone[key].rate), unit: "/s", better: "higher", target: atLeast(0.9, withJobs[key].rate, sentAlone[key].rate, "sending alone") });
        rows.push({ section: "g", measure: `${measure}: server CPU per send`, confab: round(withJobs[key].cpuMs, 2), baseline: round(sentAlone[key].cpuMs, 2), unit: "ms", better: "lower", target: atMost(1.1, withJobs[key].cpuMs, sentAlone[key].cpuMs, "sending alone") });
      }
    }

    if (webApi) {
      // (h) The same open-loop sends from an app through the Web API's chat.postMessage and from people through the
      // tRPC send a browser makes over HTTP, into the same channels read by the same clients, on the same warm server;
      // a 429 is a send not achieved.
      const { group, channelIds, botToken } = webApi;
      const clients = await clientsFor(() => wsBase, [group], group.members.length);
      await sleep(quick ? 2000 : 4000);
      const cookies = await Promise.all(channelIds.map((_channel, index) => sessionCookie(group.members[index % group.members.length]!)));
      const slackIds = channelIds.map((channelId) => toSlackId("C", channelId));
      let rateLimited = 0;
      const trpcSend: Send = (channel, body) => trpcMutation(base, cookies[channel]!, "messages.send", { channelId: channelIds[channel]!, body, clientNonce: crypto.randomUUID() });
      const webApiSend: Send = (channel, text) =>
        slackCall(base, botToken, "chat.postMessage", { channel: slackIds[channel]!, text }).catch((error: unknown) => {
          if (error instanceof SlackRateLimited) rateLimited++;
          throw error;
        });
      // Both ways' code warmed up alike, with unstamped sends no window counts; a setup that is refused fails here
      // rather than as a window of nothing. Then the limiter's second runs out.
      for (const send of [trpcSend, webApiSend]) await Promise.all(channelIds.map((_channel, index) => send(index, "warm-up")));
      await sleep(1000);
      for (const rate of plan.webApi.rates) {
        const label = `${group.members.length} people in ${channelIds.length} channels @ ${rate} msg/s`;
        const trpc = await deliveryWindow([server.pid], clients, channelIds.length, clients.length, rate, trpcSend);
        rateLimited = 0;
        const web = await deliveryWindow([server.pid], clients, channelIds.length, clients.length, rate, webApiSend);
        const refused = rateLimited;
        deliveryResults.push({ scenario: `Web API vs tRPC, ${label}`, rate, confab: web, baseline: trpc, rateLimited: refused });
        for (const [name, window] of [["Web API chat.postMessage", web], ["tRPC messages.send over HTTP", trpc]] as const) log(`(h) ${label}, ${name}: ${describeWindow(window)}`);
        const load = { confab: web, baseline: trpc };
        const measure = `Web API chat.postMessage vs tRPC send over HTTP, ${label}`;
        rows.push({ section: "h", measure: `${measure}: sends/s (${refused} answered 429)`, confab: web.achievedRate, baseline: trpc.achievedRate, unit: "/s", better: "higher", target: atFullLoad(trpc, atLeast(0.8, web.achievedRate, trpc.achievedRate, "tRPC")), load });
        rows.push({ section: "h", measure: `${measure}: latency p99`, confab: web.p99, baseline: trpc.p99, unit: "ms", better: "lower", target: atFullLoad(trpc, atMost(1.5, web.p99, trpc.p99, "tRPC")), load });
        // The rate's bound in CPU: 0.8× the sends is 1.25× the CPU each.
        rows.push({ section: "h", measure: `${measure}: server CPU per send`, confab: web.serverCpuMsPerSend, baseline: trpc.serverCpuMsPerSend, unit: "ms", better: "lower", target: atFullLoad(trpc, atMost(1.25, web.serverCpuMsPerSend, trpc.serverCpuMsPerSend, "tRPC")), load });
      }
      for (const client of clients) client.close();
    }

    if (liveChat) {
      // (i) Live chat: visitors' messages reach the whole team (each agent's tab holds every open conversation), an
      // agent's reply reaches its visitor's widget; each way against the bare server fanning out to as many sockets.
      const { team, inboxKey } = liveChat;
      const agentCookies = await Promise.all(team.members.map((userId) => sessionCookie(userId)));
      const agents = agentCookies.map((cookie) => new StreamClient(wsBase, cookie, { messageEvents: ["message.created"] }));
      await connectAll(agents);
      // Presence active before the first visitor arrives: automatic assignment picks among active agents.
      await sleep(1000);
      const visitors = await liveChatVisitors(base, wsBase, inboxKey);
      const conversationIndex = new Map(visitors.map((visitor, index) => [visitor.conversationId, index]));
      const mine = await Promise.all(
        agentCookies.map((cookie) => trpcQuery<Array<{ id: string }>>(base, cookie, "support.conversations", { workspaceId: team.workspaceId, view: "mine", limit: 100 })),
      );
      // Each agent answers the conversations assigned to them, the agents taking turns.
      const lanes = Array.from({ length: Math.max(...mine.map((list) => list.length)) }, (_, round) => mine.flatMap((list, agent) => (list[round] ? [{ agent, conversationId: list[round].id }] : []))).flat();
      log(`(i) ${visitors.length} visitors with a conversation each, ${lanes.length} assigned over ${agents.length} agents`);
      const visitorClients = visitors.map((visitor) => visitor.client);
      const bare = await startBareServer();
      const bareAgents = agents.map(() => new StreamClient(`ws://127.0.0.1:${BARE_PORT}/?group=agents`, ""));
      const bareVisitors = visitors.map((_visitor, index) => new StreamClient(`ws://127.0.0.1:${BARE_PORT}/?group=visitor-${index}`, ""));
      await connectAll([...bareAgents, ...bareVisitors]);
      const bareSend = (group: (index: number) => string): Send => (index, body) => fetch(`http://127.0.0.1:${BARE_PORT}/send?group=${group(index)}`, { method: "POST", body }).then((response) => response.text());
      const visitorSend: Send = (index, body) => trpcMutation(base, visitors[index]!.headers, "widget.send", { conversationId: visitors[index]!.conversationId, body, clientNonce: crypto.randomUUID() });
      const agentSend: Send = (index, body) => trpcMutation(base, agentCookies[lanes[index]!.agent]!, "support.reply", { conversationId: lanes[index]!.conversationId, body, clientNonce: crypto.randomUUID() });
      const label = `${visitors.length.toLocaleString("en-US")} conversations, ${agents.length} agents`;
      for (const rate of plan.liveChat.rates) {
        const ways = [
          { name: "visitor → agents", bare: await deliveryWindow([bare.pid], bareAgents, 1, agents.length, rate, bareSend(() => "agents")), confab: await deliveryWindow([server.pid], agents, visitors.length, agents.length, rate, visitorSend) },
          {
            name: "agent → visitor",
            bare: await deliveryWindow([bare.pid], bareVisitors, lanes.length, 1, rate, bareSend((index) => `visitor-${conversationIndex.get(lanes[index]!.conversationId)}`)),
            confab: await deliveryWindow([server.pid], visitorClients, lanes.length, 1, rate, agentSend),
          },
        ];
        for (const way of ways) {
          deliveryResults.push({ scenario: `live chat, ${label}, ${way.name}`, rate, confab: way.confab, baseline: way.bare });
          for (const [name, window] of [["Confab", way.confab], ["bare", way.bare]] as const) log(`(i) ${label}, ${way.name} @ ${rate} msg/s, ${name}: ${describeWindow(window)}`);
          const load = { confab: way.confab, baseline: way.bare };
          // What a person chatting feels as instant; the bare server, which writes nothing down, is the floor beside it.
          const kept = way.confab.achievedRate >= 0.99 * rate && way.confab.delivered === way.confab.expected;
          rows.push({ section: "i", measure: `live chat, ${label}, ${way.name} @ ${rate} msg/s: latency p99`, confab: way.confab.p99, baseline: way.bare.p99, unit: "ms", better: "lower", target: { text: "< 100 ms, all delivered", met: kept && way.confab.p99 < 100 }, load });
        }
      }
      const visitorsHeld = await held(visitorClients, lanes.length, agentSend);
      const bareVisitorsHeld = await held(bareVisitors, lanes.length, bareSend((index) => `visitor-${conversationIndex.get(lanes[index]!.conversationId)}`));
      rows.push({
        section: "i",
        measure: `live chat, ${label}: visitors held (connected and receiving at the end)`,
        confab: visitorsHeld,
        baseline: bareVisitorsHeld,
        unit: "",
        better: "higher",
        target: { text: `${visitors.length.toLocaleString("en-US")} held`, met: visitorsHeld === visitors.length && lanes.length === visitors.length },
        load: { confab: clientsOf(visitorClients), baseline: clientsOf(bareVisitors) },
      });
      for (const client of [...agents, ...visitorClients, ...bareAgents, ...bareVisitors]) client.close();
      await bare.stop();
    }

    // (j) A large organization's workspace against a small one's (or the raw SQL), on the same server.
    if (largeWorkspace) rows.push(...(await measureLargeWorkspace(largeWorkspace, { baseUrl: base, wsUrl: wsBase, serverPid: server.pid, quick })));
    // (k) The browser's own cost: Lighthouse, the build's first-load JavaScript, scrolling history, a tab's memory.
    if (browserBench) rows.push(...(await measureBrowser(browserBench, { baseUrl: base, quick })));

    report(startedAt, { database: database ? "postgres" : "pglite", redis: Boolean(redisUrl), seedSeconds, deliveryResults });
  } finally {
    await server.stop();
    await database?.drop();
  }
}

function report(startedAt: Date, details: Record<string, unknown>) {
  const header = ["", "measure", "Confab", "bare baseline", "ratio", "target", "sends/s achieved/offered", "delivered/expected", "connected/clients (cut off)"];
  const count = (value: number) => value.toLocaleString("en-US");
  // Rounded down, so that 100% means every delivery arrived.
  const share = (part: number, whole: number) => `${part === whole ? 100 : Math.floor((1000 * part) / whole) / 10}%`;
  const loadCells = (load: Load) => [
    load.achievedRate === undefined || load.offeredRate === undefined ? "" : `${count(Math.round(load.achievedRate))}/${count(load.offeredRate)}`,
    load.delivered === undefined || load.expected === undefined ? "" : `${count(load.delivered)}/${count(load.expected)} (${share(load.delivered, load.expected)})`,
    `${count(load.connected)}/${count(load.clients)} (${count(load.cutOff)})`,
  ];
  const lines = rows.flatMap((row) => {
    const ratio = row.baseline ? round(row.confab / row.baseline, 2) : null;
    const line = [row.section, row.measure, `${row.confab} ${row.unit}`.trim(), row.baseline === null ? "" : `${row.baseline} ${row.unit}`.trim(), ratio === null ? "" : `${ratio}×`, `${row.target.text}: ${row.target.met ? "met" : "NOT MET"}`];
    // The baseline's load on a line of its own, under Confab's: a baseline that fell short makes a ratio easy to meet.
    return row.load ? [[...line, ...loadCells(row.load.confab)], ["", "  ↳ the baseline's load", "", "", "", "", ...loadCells(row.load.baseline)]] : [[...line, "", "", ""]];
  });
  const widths = header.map((_, column) => Math.max(header[column]!.length, ...lines.map((line) => line[column]!.length)));
  const format = (line: string[]) => line.map((cell, column) => cell.padEnd(widths[column]!)).join("  ");
  console.log(`\n${format(header)}\n${widths.map((width) => "-".repeat(width)).join("  ")}\n${lines.map(format).join("\n")}\n`);
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: round(os.totalmem() / 1024 ** 3, 1), node: process.version, platform: `${os.type()} ${os.release()}` };
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify({ startedAt, finishedAt: new Date(), mode: quick ? "quick" : "full", machine, ...details, rows }, null, 2)}\n`);
  log(`results written to ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(error);
  // Open database and socket handles would keep a failed run waiting forever.
  process.exit(1);
});
