/**
 * Driving real server processes, shared by the benchmarks and the tests that start their own servers (restarts,
 * several processes).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import postgres from "postgres";
import { adminUrl, databaseUrl } from "../tests/setup/postgres-urls";
import { WebSocket } from "ws";
import { SERVER_ENTRY } from "../scripts/paths";

/** A new, empty database on DATABASE_URL's server, so a run never depends on what an earlier one left. */
export async function freshDatabase(serverUrl: string, purpose: string) {
  const name = `confab_${purpose}_${Date.now().toString(36)}_${process.pid}`;
  const admin = postgres(adminUrl(serverUrl), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  return {
    url: databaseUrl(serverUrl, name),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export async function waitForHealth(baseUrl: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const healthy = await fetch(`${baseUrl}/api/health`).then((response) => response.ok, () => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server at ${baseUrl} did not become healthy within ${timeoutMs / 1000} s`);
}

export const TEST_AUTH_SECRET = "processes-secret-processes-secret-processes";

/**
 * The Node flags `npm start` runs the server with (package.json's start script): a young generation of 32 MB
 * semi-spaces instead of 16 (collecting garbage less often cut the CPU of each delivered frame by about 15%), and
 * stack traces through the source map.
 */
export function productionNodeFlags(): string[] {
  const start = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { start: string } }).scripts.start.split(/\s+/);
  return start.slice(start.indexOf("node") + 1, start.indexOf(SERVER_ENTRY));
}

/** Whether `npm run build` has run: Next's build and the compiled server. */
export const productionBuilt = () => existsSync(".next/BUILD_ID") && existsSync(SERVER_ENTRY);

/** The production server (`npm run build` first) as its own process, on its own port, started as `npm start` starts it. */
export async function startServer(options: { port: number; env: Record<string, string | undefined>; nodeArgs?: string[] }) {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const child: ChildProcess = spawn(process.execPath, [...productionNodeFlags(), ...(options.nodeArgs ?? []), SERVER_ENTRY], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(options.port), HOSTNAME: "127.0.0.1", AUTH_SECRET: TEST_AUTH_SECRET, NEXT_TELEMETRY_DISABLED: "1", ...options.env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // A run that dies must not leave its server behind, holding the port and the data.
  const orphanGuard = () => child.kill("SIGKILL");
  process.once("exit", orphanGuard);
  void exited.then(() => process.off("exit", orphanGuard));
  await waitForHealth(baseUrl);
  return {
    baseUrl,
    pid: child.pid!,
    /** Graceful (SIGTERM) or a crash (SIGKILL). */
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      child.kill(signal);
      await exited;
    },
  };
}

/** `sorted` ascending; nearest-rank percentile. */
export function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * A full garbage collection in another Node process, through the inspector it was started with
 * (`--inspect=127.0.0.1:PORT`): memory read right after one is what the process holds, not what it has yet to collect.
 */
export async function collectGarbage(inspectorPort: number) {
  const [target] = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
  const session = new WebSocket(target!.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => session.once("open", resolve).once("error", reject));
  const done = new Promise((resolve) => session.on("message", (data) => JSON.parse(String(data)).id === 1 && resolve(undefined)));
  session.send(JSON.stringify({ id: 1, method: "HeapProfiler.collectGarbage" }));
  await done;
  session.close();
}


/** CPU seconds a process has used so far (user + system), from /proc. */
export function cpuSeconds(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The worker processes of a PROCESSES=n server: its supervisor's children, from /proc. */
export function workersOf(supervisorPid: number): number[] {
  return readFileSync(`/proc/${supervisorPid}/task/${supervisorPid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once the server has used under 5% of a core for a quarter of a second (its background jobs are done). */
export async function serverIdle(pid: number) {
  for (let before = cpuSeconds(pid); ; ) {
    await sleep(250);
    const now = cpuSeconds(pid);
    if (now - before < 0.0125) return;
    before = now;
  }
}

/** Latency percentiles of `samples` calls one after another, after a few untimed ones (connections, JIT). */
export async function timed(samples: number, call: (index: number) => Promise<unknown>) {
  for (let index = 0; index < 10; index++) await call(index);
  const durations: number[] = [];
  for (let index = 0; index < samples; index++) {
    const started = performance.now();
    await call(index);
    durations.push(performance.now() - started);
  }
  const ordered = durations.sort((a, b) => a - b);
  return { p50: percentile(ordered, 50), p95: percentile(ordered, 95), p99: percentile(ordered, 99) };
}
