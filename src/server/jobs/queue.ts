import { eq, sql } from "drizzle-orm";
import { type Db, db, type Tx } from "../db/client";
import { rowsOf } from "../db/prepared";
import { jobs } from "../db/schema";
import { runInBackground } from "./background";

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

const handlers = new Map<string, { run: JobHandler; ordered: boolean }>();
const MAX_ATTEMPTS = 8;
const CLAIM_BATCH = 50;
/** A claimed job whose process died is claimed again after this. */
const LEASE_MS = 60_000;
const POLL_MS = 1000;

/** `ordered`: jobs of this kind run one after another in the order they were written (notifications of a conversation). */
export function registerJobHandler(kind: string, handler: JobHandler, options: { ordered?: boolean } = {}) {
  handlers.set(kind, { run: handler, ordered: options.ordered ?? false });
}

export interface NewJob {
  kind: string;
  /** The same key twice is the same work: the second is dropped. */
  key: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
}

/** Writes jobs in the caller's transaction, so they exist exactly when what caused them committed. */
export async function enqueueJobs(tx: Db | Tx, entries: readonly NewJob[]) {
  if (entries.length === 0) return;
  await tx
    .insert(jobs)
    .values(entries.map((entry) => ({ kind: entry.kind, key: entry.key, payload: entry.payload ?? {}, runAt: entry.runAt ?? new Date() })))
    .onConflictDoNothing({ target: jobs.key });
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
  const message = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
  const exhausted = job.attempts >= MAX_ATTEMPTS;
  console.error(`[jobs] ${job.kind} ${job.key ?? job.id} failed (attempt ${job.attempts}${exhausted ? ", giving up" : ""}): ${message}`);
  await db()
    .update(jobs)
    .set({ lastError: message.slice(0, 2000), lockedUntil: null, runAt: new Date(now.getTime() + backoffMs(job.attempts)), failedAt: exhausted ? now : null })
    .where(eq(jobs.id, job.id));
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
    const run = async (job: Job) => {
      const handler = handlers.get(job.kind);
      const [outcome] = await Promise.allSettled([handler ? handler.run(job, now) : Promise.reject(new Error(`No handler for ${job.kind}`))]);
      await settle(job, outcome!, now);
    };
    const ordered = claimed.filter((job) => handlers.get(job.kind)?.ordered).sort((a, b) => a.id - b.id);
    await Promise.all([
      (async () => {
        for (const job of ordered) await run(job);
      })(),
      ...claimed.filter((job) => !ordered.includes(job)).map(run),
    ]);
    ran += claimed.length;
  }
}

let running = false;
let again = false;

/** Runs due jobs now, in the background (after a commit that enqueued some); a run under way runs once more instead. */
export function pokeJobs() {
  if (running) {
    again = true;
    return;
  }
  running = true;
  runInBackground("jobs", async () => {
    try {
      do {
        again = false;
        await runDueJobs();
      } while (again);
    } finally {
      running = false;
    }
  });
}

/** The worker every server process runs: due jobs each second, whichever process gets them first. */
export function startJobWorker(): () => void {
  const timer = setInterval(pokeJobs, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
