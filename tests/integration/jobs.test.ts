import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../src/server/db/client";
import { jobs } from "../../src/server/db/schema";
import { backgroundSettled } from "../../src/server/jobs/background";
import { enqueueJobs, type Job, registerJobHandler, registerOrderedJobHandler, runDueJobs } from "../../src/server/jobs/queue";
import { callerFor, eventually, openTabOf, workspaceWithMember } from "./factories";

const secondsLater = (seconds: number) => new Date(Date.now() + seconds * 1000);

describe("durable jobs", () => {
  it("hands an ordered kind its due jobs together in the order they were written, and one that fails does not hold back the rest", async () => {
    const calls: string[][] = [];
    let poisoned = true;
    registerOrderedJobHandler("test-ordered", async (batch: Job[]) => {
      calls.push(batch.map((job) => job.key!));
      if (poisoned && batch.some((job) => job.key === "test-ordered:2")) throw new Error("the mail server is down");
    });
    const keys = Array.from({ length: 5 }, (_, index) => `test-ordered:${index}`);
    for (const key of keys) await enqueueJobs(db(), [{ kind: "test-ordered", key }]);

    await runDueJobs();
    // Together first; after the failure each alone, in order, and only the bad one waits for a retry.
    expect(calls).toEqual([keys, ...keys.map((key) => [key])]);
    const waiting = await db().select().from(jobs).where(eq(jobs.kind, "test-ordered"));
    expect(waiting.map((job) => job.key)).toEqual(["test-ordered:2"]);
    expect(waiting[0]).toMatchObject({ lastError: "the mail server is down", attempts: 1 });
    expect(waiting[0]!.runAt > new Date()).toBe(true);

    poisoned = false;
    await runDueJobs(secondsLater(60));
    expect(calls.at(-1)).toEqual(["test-ordered:2"]);
    expect(await db().select().from(jobs).where(eq(jobs.kind, "test-ordered"))).toEqual([]);
  });

  it("keeps one job per key, whether the key comes twice in one call or is already waiting", async () => {
    const ran: unknown[] = [];
    registerJobHandler("test-each", async (job) => void ran.push(job.payload));
    await enqueueJobs(db(), [
      { kind: "test-each", key: "test-each:a", payload: { first: true } },
      { kind: "test-each", key: "test-each:a", payload: { first: false } },
    ]);
    await enqueueJobs(db(), [{ kind: "test-each", key: "test-each:a", payload: { later: true } }]);
    await runDueJobs();
    expect(ran).toEqual([{ first: true }]);
  });

  it("notifies about a burst of messages once each, in the order they were sent", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const memberTab = await openTabOf(member.id);
    const sent = [];
    for (let index = 0; index < 60; index++) {
      sent.push(await callerFor(owner.id).messages.send({ channelId: general, body: `<@${member.id}> step ${index}`, clientNonce: crypto.randomUUID() }));
    }
    await backgroundSettled();
    await runDueJobs();
    const told = () => memberTab.events.flatMap((event) => (event.type === "notification" ? [event.notification.messageId] : []));
    await eventually(() => expect(told()).toHaveLength(60));
    expect(told()).toEqual(sent.map((message) => message.id));
    await memberTab.close();
  });
});
