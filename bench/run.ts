/**
 * `npm run bench` (`-- --quick` for a one-minute pass): the production server against bare baselines measured in the
 * same run on the same machine. Prints a table and writes bench/results/<timestamp>.json. See the README's
 * Performance section for what each line measures.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { createDbHandle, type Db } from "../src/server/db/client";
import { connectAll, Latencies, sessionCookie, StreamClient, stamp, trpcMutation, trpcQuery } from "./clients";
import { COMMON_TERM, type Group, RARE_TERM, seedGroups, seedHistory, seedMixedPreferences } from "./seed";
import { collectGarbage, freshDatabase, percentile, startServer, waitForHealth } from "./support";

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
    };
const SEND_CONCURRENCY = 32;
const PORT = 3400;
const BARE_PORT = 3410;
const SERVER_INSPECTOR_PORT = 9401;
const BARE_INSPECTOR_PORT = 9411;

interface Row {
  section: string;
  measure: string;
  confab: number;
  baseline: number | null;
  unit: string;
  /** Lower is better (latency, memory) or higher (throughput). */
  better: "lower" | "higher";
  target?: { text: string; met: boolean };
}
const rows: Row[] = [];
const log = (line: string) => console.log(`[bench] ${line}`);
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rssKb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
}

/** Latency percentiles of `samples` calls one after another, after a few untimed ones (connections, JIT). */
async function timed(samples: number, call: (index: number) => Promise<unknown>) {
  for (let index = 0; index < 10; index++) await call(index);
  const durations: number[] = [];
  for (let index = 0; index < samples; index++) {
    const started = performance.now();
    await call(index);
    durations.push(performance.now() - started);
  }
  const ordered = sorted(durations);
  return { p50: percentile(ordered, 50), p95: percentile(ordered, 95), p99: percentile(ordered, 99) };
}

/** Resolves once the server has used under 5% of a core for a quarter of a second (its background jobs are done). */
async function serverIdle(pid: number) {
  for (let before = cpuSeconds(pid); ; ) {
    await sleep(250);
    const now = cpuSeconds(pid);
    if (now - before < 0.0125) return;
    before = now;
  }
}

/** CPU seconds a process has used so far (user + system), from /proc. */
function cpuSeconds(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Sends at `rate` per second for the window (open loop, at most 256 in flight), then waits for deliveries to drain.
 * Also tells how busy the server and this load generator were (in cores), since all of them share the machine.
 */
async function deliveryWindow(serverPids: number[], clients: StreamClient[], groups: number, groupSize: number, rate: number, send: (group: number, body: string) => Promise<unknown>) {
  const serverCpuBefore = serverPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const loadCpuBefore = process.cpuUsage();
  const latencies = new Latencies();
  for (const client of clients) client.latencies = latencies;
  let sent = 0;
  let failed = 0;
  let inFlight = 0;
  const started = performance.now();
  while (performance.now() - started < plan.windowMs) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    while (sent + failed < due && inFlight < 256) {
      const group = (sent + failed) % groups;
      inFlight++;
      sent++;
      void send(group, stamp("bench message"))
        .catch(() => {
          sent--;
          failed++;
        })
        .finally(() => inFlight--);
    }
    await sleep(2);
  }
  const windowSeconds = (performance.now() - started) / 1000;
  // Drain: until every delivery arrived, or nothing has arrived for two seconds.
  for (let last = -1, still = 0; still < 20 && latencies.deliveries < sent * groupSize; await sleep(100)) {
    still = latencies.deliveries === last ? still + 1 : 0;
    last = latencies.deliveries;
  }
  const elapsed = (performance.now() - started) / 1000;
  const ordered = sorted(latencies.values);
  const loadCpu = process.cpuUsage(loadCpuBefore);
  return {
    serverCores: round((serverPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - serverCpuBefore) / elapsed),
    loadGeneratorCores: round((loadCpu.user + loadCpu.system) / 1e6 / elapsed),
    offered: rate,
    sentPerSecond: round(sent / windowSeconds),
    failed,
    deliveriesPerSecond: round(latencies.deliveries / elapsed),
    expected: sent * groupSize,
    delivered: latencies.deliveries,
    p50: round(percentile(ordered, 50)),
    p95: round(percentile(ordered, 95)),
    p99: round(percentile(ordered, 99)),
  };
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
  for (const { member, index } of members) clients.push(new StreamClient(wsUrl(member, index), await sessionCookie(member), new Latencies()));
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
  const second = await connect(count, half);
  const bytesPerClient = (((await settledRssKb()) - before) * 1024) / (count - half);
  for (const client of [...first, ...second]) client.close();
  return bytesPerClient;
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
  const clients = await Promise.all(lanes.map(async (lane) => new StreamClient(wsBase, await sessionCookie(lane.userId), new Latencies())));
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

async function measureNotifyScenarios(wsBase: string, serverPid: number, scenarios: NotifyScenarios) {
  const measured = {} as Record<keyof NotifyScenarios, { rate: number; cpuMs: number }>;
  for (const key of ["single", "quiet", "mixed"] as const) {
    measured[key] = await sendsUntilIdle(wsBase, serverPid, scenarios[key].lanes, scenarios[key].bodyOf);
    log(`(g) ${key}: ${Math.round(measured[key].rate)} sends/s, server CPU ${round(measured[key].cpuMs)} ms per send`);
  }
  return measured;
}

async function main() {
  const startedAt = new Date();
  if (!existsSync(".next/BUILD_ID")) {
    log("no production build yet: running next build");
    if (spawnSync("npx", ["next", "build"], { stdio: "inherit" }).status !== 0) throw new Error("next build failed");
  }
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  const database = databaseUrl ? await freshDatabase(databaseUrl, "bench") : null;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "confab-bench-"));
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
  const insertUntil = performance.now() + plan.sendSeconds * 1000;
  if (wants("b")) await Promise.all(
    senders.map(async (group, lane) => {
      for (let seq = 1_000_000_000 + lane * 1_000_000; performance.now() < insertUntil; seq++) {
        await db.execute(sql`insert into messages (id, channel_id, seq, author_id, body) values (gen_random_uuid()::text, ${group.channelId}, ${seq}, ${group.members[0]}, ${"baseline insert"}) returning id`);
        inserted++;
      }
    }),
  );
  const rawInsertRate = inserted / plan.sendSeconds;
  await handle.close();

  // Email configured, so notifications enqueue missed-activity batches (due after 15 minutes: none is sent in the run).
  const serverEnv = { ...(database ? { DATABASE_URL: database.url } : { DATA_DIR: dataDir }), ...(redisUrl && { REDIS_URL: redisUrl }), SMTP_URL: "smtp://127.0.0.1:9" };
  // (g)'s baseline: the sends alone, on a server that leaves its jobs to other processes (RUN_JOBS=false); the jobs it
  // wrote are dropped before the measured server starts.
  let sentAlone: Awaited<ReturnType<typeof measureNotifyScenarios>> | null = null;
  if (notifyScenarios) {
    const alone = await startServer({ port: PORT, env: { ...serverEnv, RUN_JOBS: "false" } });
    sentAlone = await measureNotifyScenarios(`ws://127.0.0.1:${PORT}/api/ws`, alone.pid, notifyScenarios);
    await alone.stop();
    const cleanup = createDbHandle(database ? { databaseUrl: database.url, poolSize: 1 } : { dataDir });
    await cleanup.db.execute(sql`delete from jobs`);
    await cleanup.close();
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
      const barePerClient = await memoryPerIdleClient(bare, plan.idleClients, (count, from) =>
        clientsFor((_member, group) => `ws://127.0.0.1:${BARE_PORT}/?group=${group}`, idleGroups, count, from),
      );
      await bare.stop();
      await trpcQuery(base, await sessionCookie(idleGroups[0]!.members[0]!), "users.me", undefined);
      const serverPerClient = await memoryPerIdleClient({ pid: server.pid, inspectorPort: SERVER_INSPECTOR_PORT }, plan.idleClients, (count, from) => clientsFor(() => wsBase, idleGroups, count, from));
      rows.push({ section: "e", measure: `memory per idle client (${plan.idleClients} connected)`, confab: round(serverPerClient / 1024, 1), baseline: round(barePerClient / 1024, 1), unit: "KB", better: "lower", target: { text: "< 30 KB", met: serverPerClient < 30 * 1024 } });
      await sleep(1000);
    }

    if (wants("a")) {
      // (a) Delivery at several offered rates, against a bare ws server broadcasting the same messages.
      for (const scenario of plan.delivery) {
        const groups = populations.get(scenario.channelSize)!.slice(0, Math.ceil(scenario.clients / scenario.channelSize));
        const label = `${scenario.clients} clients, ${scenario.channelSize}-member channels`;
        const bareServer = await startBareServer();
        const bareClients = await clientsFor((_member, group) => `ws://127.0.0.1:${BARE_PORT}/?group=${group}`, groups, scenario.clients);
        const confabClients = await clientsFor(() => wsBase, groups, scenario.clients);
        // Presence of everyone who just connected has to settle before measuring.
        await sleep(quick ? 2000 : 4000);
        const cookies = await Promise.all(groups.map((group) => sessionCookie(group.members[0]!)));
        for (const rate of scenario.rates) {
          const baseline = await deliveryWindow([bareServer.pid], bareClients, groups.length, scenario.channelSize, rate, (group, body) =>
            fetch(`http://127.0.0.1:${BARE_PORT}/send?group=${group}`, { method: "POST", body }).then((response) => response.text()),
          );
          const confab = await deliveryWindow([server.pid], confabClients, groups.length, scenario.channelSize, rate, (group, body) =>
            trpcMutation(base, cookies[group]!, "messages.send", { channelId: groups[group]!.channelId, body, clientNonce: crypto.randomUUID() }),
          );
          deliveryResults.push({ scenario: label, rate, confab, baseline });
          log(`${label} @ ${rate} msg/s: ${confab.deliveriesPerSecond} deliveries/s (bare ${baseline.deliveriesPerSecond}), p99 ${confab.p99} ms (bare ${baseline.p99}); server ${confab.serverCores} cores (bare ${baseline.serverCores}), load generator ${confab.loadGeneratorCores} (${baseline.loadGeneratorCores})`);
          const isTarget = scenario.clients === 1000 && scenario.channelSize === 100 && rate === 1000;
          rows.push({
            section: "a",
            measure: `${label} @ ${rate} msg/s: deliveries/s`,
            confab: confab.deliveriesPerSecond,
            baseline: baseline.deliveriesPerSecond,
            unit: "/s",
            better: "higher",
            ...(isTarget && { target: { text: "≥ 50% of bare", met: confab.deliveriesPerSecond >= 0.5 * baseline.deliveriesPerSecond } }),
          });
          for (const p of ["p50", "p95", "p99"] as const) {
            rows.push({
              section: "a",
              measure: `${label} @ ${rate} msg/s: latency ${p}`,
              confab: confab[p],
              baseline: baseline[p],
              unit: "ms",
              better: "lower",
              ...(isTarget && p === "p99" && { target: { text: "≤ 3× bare", met: confab.p99 <= 3 * Math.max(baseline.p99, 1) } }),
            });
          }
        }
        if (scenario.clients === 5000) {
          const held = confabClients.length;
          rows.push({ section: "a", measure: `${label}: clients held`, confab: held, baseline: bareClients.length, unit: "", better: "higher", target: { text: "5,000 held", met: held === 5000 } });
        }
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
        const until = performance.now() + seconds * 1000;
        await Promise.all(
          senders.map(async (_group, lane) => {
            for (; performance.now() < until; sent++) await sendOnLane(lane);
          }),
        );
        log(`${Math.round(sent / seconds)} sends/s, server CPU ${round(((cpuSeconds(server.pid) - cpuBefore) * 1000) / sent)} ms per send`);
        return sent / seconds;
      };
      const overHttp = (lane: number) => trpcMutation(base, senderCookies[lane]!, "messages.send", { channelId: senders[lane]!.channelId, body: "bench send", clientNonce: crypto.randomUUID() });
      await sendsPerSecond(2, overHttp);
      const httpRate = await sendsPerSecond(plan.sendSeconds, overHttp);
      const wsSenders = await Promise.all(senderCookies.map((cookie) => new StreamClient(wsBase, cookie, new Latencies())));
      await connectAll(wsSenders);
      const overWs = (lane: number) => wsSenders[lane]!.mutate("messages.send", { channelId: senders[lane]!.channelId, body: "bench send", clientNonce: crypto.randomUUID() });
      await sendsPerSecond(2, overWs);
      const wsRate = await sendsPerSecond(plan.sendSeconds, overWs);
      for (const client of wsSenders) client.close();
      const target = (rate: number) => (database ? { target: { text: "≥ 2,000/s on PostgreSQL", met: rate >= 2000 } } : {});
      rows.push({ section: "b", measure: "persisted sends over HTTP", confab: round(httpRate), baseline: round(rawInsertRate), unit: "/s", better: "higher", ...target(httpRate) });
      rows.push({ section: "b", measure: "persisted sends over WebSocket", confab: round(wsRate), baseline: round(rawInsertRate), unit: "/s", better: "higher", ...target(wsRate) });
    }

    if (rawHistory && rawThread) {
      // (c) History pages and threads on the big channel, against the raw SQL.
      const historyTimes = await timed(plan.samples, () => trpcQuery(base, reader, "messages.history", { channelId: historyGroup!.channelId, beforeSeq: randomSeq() }));
      const threadTimes = await timed(plan.samples, (index) => trpcQuery(base, reader, "messages.thread", { rootId: history.rootIds[index % history.rootIds.length] }));
      for (const p of ["p50", "p99"] as const) {
        rows.push({ section: "c", measure: `history page (50 of ${plan.historyMessages.toLocaleString("en-US")}) ${p}`, confab: round(historyTimes[p]), baseline: round(rawHistory[p]), unit: "ms", better: "lower", ...(p === "p99" && { target: { text: "< 10 ms", met: historyTimes.p99 < 10 } }) });
        rows.push({ section: "c", measure: `thread (root + 50 replies) ${p}`, confab: round(threadTimes[p]), baseline: round(rawThread[p]), unit: "ms", better: "lower" });
      }
    }

    if (rawSearches) {
      // (d) Search, rare and common words, in the channel and across the workspace.
      const search = (query: string) => timed(Math.min(plan.samples, 100), () => trpcQuery(base, reader, "search.workspace", { workspaceId: historyGroup!.workspaceId, query }));
      const searches = {
        rareScoped: await search(`${RARE_TERM} in:#bench`),
        commonScoped: await search(`${COMMON_TERM} in:#bench`),
        rareWide: await search(RARE_TERM),
        commonWide: await search(COMMON_TERM),
      };
      for (const [key, label] of [["rareScoped", "rare word, in the channel"], ["commonScoped", "common word, in the channel"], ["rareWide", "rare word, workspace-wide"], ["commonWide", "common word, workspace-wide"]] as const) {
        const scoped = key.endsWith("Scoped");
        rows.push({ section: "d", measure: `search: ${label} p99`, confab: round(searches[key].p99), baseline: round(rawSearches[key].p99), unit: "ms", better: "lower", ...(scoped && { target: { text: "< 50 ms", met: searches[key].p99 < 50 } }) });
      }
    }

    // (f) Two processes sharing PostgreSQL and Redis against one.
    if (database && redisUrl && !quick && wants("f")) {
      const second = await startServer({ port: PORT + 1, env: serverEnv });
      try {
        const groups = populations.get(100)!.slice(0, 10);
        const rate = 500;
        const single = await clientsFor(() => wsBase, groups, 1000);
        await sleep(3000);
        const cookies = await Promise.all(groups.map((group) => sessionCookie(group.members[0]!)));
        const send = (bases: string[]) => (group: number, body: string) =>
          trpcMutation(bases[group % bases.length]!, cookies[group]!, "messages.send", { channelId: groups[group]!.channelId, body, clientNonce: crypto.randomUUID() });
        const one = await deliveryWindow([server.pid], single, groups.length, 100, rate, send([base]));
        for (const client of single) client.close();
        await sleep(1000);
        const split = await clientsFor((_member, group) => (group % 2 === 0 ? wsBase : `ws://127.0.0.1:${PORT + 1}/api/ws`), groups, 1000);
        await sleep(3000);
        const two = await deliveryWindow([server.pid, second.pid], split, groups.length, 100, rate, send([base, `http://127.0.0.1:${PORT + 1}`]));
        for (const client of split) client.close();
        rows.push({ section: "f", measure: `two processes vs one, 1,000 clients @ ${rate} msg/s: deliveries/s`, confab: two.deliveriesPerSecond, baseline: one.deliveriesPerSecond, unit: "/s", better: "higher", target: { text: "≥ 0.7× one process", met: two.deliveriesPerSecond >= 0.7 * one.deliveriesPerSecond } });
        rows.push({ section: "f", measure: `two processes vs one: latency p99`, confab: two.p99, baseline: one.p99, unit: "ms", better: "lower" });
      } finally {
        await second.stop();
      }
    } else {
      log(quick ? "(f) two processes: skipped in quick mode" : "(f) two processes: skipped (needs DATABASE_URL and REDIS_URL)");
    }

    if (notifyScenarios && sentAlone) {
      // (g) The same sends on the server that runs their notify jobs, against sentAlone's (measured before this
      // server started, on one that left the jobs to another process).
      const withJobs = await measureNotifyScenarios(wsBase, server.pid, notifyScenarios);
      const row = (key: keyof typeof withJobs, measure: string, target: boolean) => {
        rows.push({ section: "g", measure: `${measure}: sends/s with notify jobs run`, confab: round(withJobs[key].rate), baseline: round(sentAlone[key].rate), unit: "/s", better: "higher", ...(target && { target: { text: "≥ 0.9× sending alone", met: withJobs[key].rate >= 0.9 * sentAlone[key].rate } }) });
        rows.push({ section: "g", measure: `${measure}: server CPU per send`, confab: round(withJobs[key].cpuMs, 2), baseline: round(sentAlone[key].cpuMs, 2), unit: "ms", better: "lower" });
      };
      row("single", "(b)'s one-member channels", true);
      row("quiet", "1,000-member channel, everyone on defaults", true);
      row("mixed", "1,000-member channel, mixed preferences, 3 mentions and a keyword per message", false);
    }

    report(startedAt, { database: database ? "postgres" : "pglite", redis: Boolean(redisUrl), seedSeconds, deliveryResults });
  } finally {
    await server.stop();
    await database?.drop();
  }
}

function report(startedAt: Date, details: Record<string, unknown>) {
  const header = ["", "measure", "Confab", "bare baseline", "ratio", "target"];
  const lines = rows.map((row) => {
    const ratio = row.baseline ? round(row.confab / row.baseline, 2) : null;
    return [row.section, row.measure, `${row.confab} ${row.unit}`.trim(), row.baseline === null ? "" : `${row.baseline} ${row.unit}`.trim(), ratio === null ? "" : `${ratio}×`, row.target ? `${row.target.text}: ${row.target.met ? "met" : "NOT MET"}` : ""];
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
