import { and, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import { env } from "@/env";
import { groupBy } from "@/shared/group-by";
import { type Db, db, type Tx } from "../db/client";
import { preparedStatement, rowsOf } from "../db/prepared";
import { jobs } from "../db/schema";
import { runInBackground } from "./background";
import { log } from "../observability/log";
import { metrics } from "../observability/metrics";

export interface Job {
  id: number;
  kind: string;
  key: string | null;
  payload: Record<string, unknown>;
  attempts: number;
}

/** What a handler may ask for besides being done: run again later (a batch that gathered more while it ran). */
export type JobOutcome = void | { runAgainAt: Date };
export type JobHandler = (job: Job, now: Date) => Promise<JobOutcome>;
/** Takes the due jobs of its kind together, in the order they were written; when it fails, each job is tried alone. */
export type OrderedJobHandler = (jobs: Job[], now: Date) => Promise<void>;

const handlers = new Map<string, { each: JobHandler } | { ordered: OrderedJobHandler }>();
const MAX_ATTEMPTS = 8;
const CLAIM_BATCH = 50;
/** A claimed job whose process died is claimed again after this. */
const LEASE_MS = 60_000;
const POLL_MS = 1000;
const GATHER_MS = 20;

export function registerJobHandler(kind: string, handler: JobHandler) {
  handlers.set(kind, { each: handler });
}

/**
 * For work that must keep the order it was written in (notifications of a conversation) and comes in floods (one
 * job per message): the handler gets every claimed job of the kind at once, so a busy minute costs a few round trips
 * per claim batch instead of several per message.
 */
export function registerOrderedJobHandler(kind: string, handler: OrderedJobHandler) {
  handlers.set(kind, { ordered: handler });
}

export interface NewJob {
  kind: string;
  /** The same key twice is the same work: the second is dropped. */
  key: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
}

// The rows as one JSON parameter: the query builder spent more building a hundred-row insert than the database storing it.
const insertJobs = preparedStatement(() => sql`
  insert into ${jobs} (kind, key, payload, run_at)
  select kind, key, payload, run_at from jsonb_to_recordset(${sql.placeholder("entries")}::jsonb) as entry(kind text, key text, payload jsonb, run_at timestamptz)
  on conflict (key) do nothing`);

/** Writes jobs in the caller's transaction, so they exist exactly when what caused them committed. */
export async function enqueueJobs(tx: Db | Tx, entries: readonly NewJob[]) {
  const byKey = new Map<string, NewJob>();
  for (const entry of entries) if (!byKey.has(entry.key)) byKey.set(entry.key, entry);
  if (byKey.size === 0) return;
  const now = new Date();
  const rows = [...byKey.values()].map((entry) => ({ kind: entry.kind, key: entry.key, payload: entry.payload ?? {}, run_at: (entry.runAt ?? now).toISOString() }));
  await insertJobs(tx, { entries: JSON.stringify(rows) });
}

/** 2 s, 4 s, 8 s … up to ten minutes between attempts. */
const backoffMs = (attempts: number) => Math.min(10 * 60_000, 1000 * 2 ** attempts);

async function claimDue(now: Date): Promise<Job[]> {
  // Raw SQL takes times as text: postgres.js does not serialize a Date there.
  const at = now.toISOString();
  const result = await db().execute(sql`
    update ${jobs} set locked_until = ${new Date(now.getTime() + LEASE_MS).toISOString()}::timestamptz, attempts = attempts + 1
    where id in (
      select id from ${jobs}
      where run_at <= ${at}::timestamptz and failed_at is null and (locked_until is null or locked_until < ${at}::timestamptz)
      order by run_at, id limit ${CLAIM_BATCH}
      for update skip locked)
    returning id, kind, key, payload, attempts`);
  return rowsOf<Omit<Job, "id"> & { id: number | string }>(result).map((row) => ({ ...row, id: Number(row.id) }));
}

async function settle(job: Job, outcome: PromiseSettledResult<JobOutcome>, now: Date) {
  if (outcome.status === "fulfilled") {
    if (outcome.value?.runAgainAt) {
      await db().update(jobs).set({ runAt: outcome.value.runAgainAt, lockedUntil: null, attempts: 0 }).where(eq(jobs.id, job.id));
    } else {
      await db().delete(jobs).where(eq(jobs.id, job.id));
    }
    return;
  }
  await retryLater(job, outcome.reason, now);
}

async function retryLater(job: Job, reason: unknown, now: Date) {
  const message = reason instanceof Error ? reason.message : String(reason);
  const exhausted = job.attempts >= MAX_ATTEMPTS;
  metrics().jobsFailed.inc({ kind: job.kind });
  log().error({ job: job.kind, key: job.key ?? job.id, attempt: job.attempts, givingUp: exhausted }, `[jobs] ${job.kind} failed: ${message}`);
  await db()
    .update(jobs)
    .set({ lastError: message.slice(0, 2000), lockedUntil: null, runAt: new Date(now.getTime() + backoffMs(job.attempts)), failedAt: exhausted ? now : null })
    .where(eq(jobs.id, job.id));
}

/** Jobs due and not yet run (what `/metrics` reports as the queue's depth); failed ones wait for no one. */
export async function dueJobCount(now = new Date()): Promise<number> {
  const [row] = await db()
    .select({ count: sql<number>`count(*)::int` })
    .from(jobs)
    .where(and(lte(jobs.runAt, now), isNull(jobs.failedAt)));
  return row?.count ?? 0;
}

/**
 * Runs every job due at `now` (tests pass a later moment to stand for time passing), claim batch by claim batch,
 * until none is left.
 */
export async function runDueJobs(now = new Date()): Promise<number> {
  let ran = 0;
  for (;;) {
    const claimed = await claimDue(now);
    if (claimed.length === 0) return ran;
    const runEach = async (job: Job) => {
      const handler = handlers.get(job.kind);
      const [outcome] = await Promise.allSettled([handler && "each" in handler ? handler.each(job, now) : Promise.reject(new Error(`No handler for ${job.kind}`))]);
      await settle(job, outcome!, now);
    };
    const runInOrder = async (handler: OrderedJobHandler, group: Job[]) => {
      const [outcome] = await Promise.allSettled([handler(group.sort((a, b) => a.id - b.id), now)]);
      if (outcome!.status === "fulfilled") {
        await db().delete(jobs).where(inArray(jobs.id, group.map((job) => job.id)));
        return;
      }
      if (group.length === 1) return retryLater(group[0]!, outcome!.reason, now);
      // One bad job must not hold back the others it was claimed with: each on its own, still in order.
      for (const job of group) await runInOrder(handler, [job]);
    };
    await Promise.all(
      [...groupBy(claimed, (job) => job.kind)].map(([kind, group]) => {
        const handler = handlers.get(kind);
        return handler && "ordered" in handler ? runInOrder(handler.ordered, group) : Promise.all(group.map(runEach));
      }),
    );
    ran += claimed.length;
  }
}

let running = false;
let again = false;

/**
 * Runs due jobs in the background, a moment after a commit that enqueued some; a run under way runs once more
 * instead. The moment gathers a busy channel's sends into one claim batch (a notify round trip per batch, not per
 * message), and no one notices 20 ms on a notification.
 */
export function pokeJobs() {
  if (!env().RUN_JOBS) return;
  if (running) {
    again = true;
    return;
  }
  running = true;
  runInBackground("jobs", async () => {
    try {
      do {
        again = false;
        await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
        await runDueJobs();
      } while (again);
    } finally {
      running = false;
    }
  });
}

/** The worker every server process runs: due jobs each second, whichever process gets them first. */
export function startJobWorker(): () => void {
  if (!env().RUN_JOBS) return () => {};
  const timer = setInterval(pokeJobs, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
