import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runAction, SYSTEM } from "../../src/server/actions/context";
import { applyRetention, RETENTION_BATCH } from "../../src/server/actions/retention/apply-retention";
import { db } from "../../src/server/db/client";
import { channels, messages } from "../../src/server/db/schema";
import { processServices } from "../../src/server/services";
import { callerFor, expectTrpcError, joinedMember, workspaceWithOwner } from "./factories";

const nonce = () => crypto.randomUUID();
const DAY = 24 * 60 * 60 * 1000;

/** `count` messages by `authorId`, `ageDays` old, after what the channel already holds (seq kept gap-free). */
async function oldMessages(channelId: string, authorId: string, count: number, ageDays: number) {
  await db().execute(sql`
    with next as (select ${channels.lastSeq} as last from ${channels} where ${channels.id} = ${channelId})
    insert into ${messages} (id, channel_id, seq, author_id, body, created_at)
    select gen_random_uuid()::text, ${channelId}, next.last + n, ${authorId}, 'old message ' || n, now() - make_interval(days => ${ageDays}) + make_interval(secs => n)
    from next, generate_series(1, ${count}) as n`);
  await db().update(channels).set({ lastSeq: sql`${channels.lastSeq} + ${count}` }).where(eq(channels.id, channelId));
}

const countIn = async (channelId: string) => (await db().select({ n: sql<number>`count(*)::int` }).from(messages).where(eq(messages.channelId, channelId)))[0]!.n;

describe("retention", () => {
  it("deletes 100,000 messages past retention in batches while sends keep flowing, and respects legal holds", { timeout: 180_000 }, async () => {
    const { owner, workspace } = await workspaceWithOwner("Retained");
    const general = workspace.generalChannelId!;
    const held = await joinedMember(owner.id, workspace.id, "Held Person");
    const board = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "board", kind: "private" });
    await oldMessages(general, owner.id, 100_000, 400);
    await oldMessages(general, held.id, 500, 400);
    await oldMessages(board.id, owner.id, 1_000, 400);
    await callerFor(owner.id).messages.send({ channelId: general, body: "a recent message", clientNonce: nonce() });

    await callerFor(owner.id).workspaces.update({ workspaceId: workspace.id, retentionDays: 30 });
    await callerFor(owner.id).retention.placeHold({ workspaceId: workspace.id, kind: "user", targetId: held.id, reason: "litigation" });
    await callerFor(owner.id).retention.placeHold({ workspaceId: workspace.id, kind: "channel", targetId: board.id, reason: "" });

    // A person keeps sending into the channel being cleaned: every send lands, and some land while the run is going.
    let running = true;
    const landedDuringRun: number[] = [];
    const sender = (async () => {
      let sent = 0;
      while (running) {
        await callerFor(owner.id).messages.send({ channelId: general, body: `live ${sent++}`, clientNonce: nonce() });
        landedDuringRun.push(Date.now());
      }
      return sent;
    })();
    const started = Date.now();
    const runs = await runAction(SYSTEM, applyRetention, undefined);
    const finished = Date.now();
    running = false;
    const sent = await sender;

    expect(runs[workspace.id]).toEqual({ deleted: 100_000, placeholders: 0 });
    expect(sent).toBeGreaterThan(0);
    // Batches of RETENTION_BATCH are separate transactions: sends get in between them.
    expect(landedDuringRun.filter((at) => at > started && at < finished).length).toBeGreaterThanOrEqual(Math.min(5, 100_000 / RETENTION_BATCH));
    const left = await db().select({ body: messages.body, authorId: messages.authorId }).from(messages).where(eq(messages.channelId, general));
    expect(left.filter((row) => row.body.startsWith("old message")).every((row) => row.authorId === held.id)).toBe(true);
    expect(left.filter((row) => row.body.startsWith("old message"))).toHaveLength(500);
    expect(left.some((row) => row.body === "a recent message")).toBe(true);
    expect(left.filter((row) => row.body.startsWith("live "))).toHaveLength(sent);
    expect(await countIn(board.id)).toBe(1_000);

    // Run once a day: asked again at once, it does nothing; the run is in the audit log.
    expect(await runAction(SYSTEM, applyRetention, undefined)).toEqual({});
    const log = await callerFor(owner.id).audit.list({ workspaceId: workspace.id });
    expect(log.find((entry: { action: string }) => entry.action === "retention.run")).toMatchObject({ detail: expect.stringContaining("100000 messages deleted") });
  });

  it("follows a channel's own setting, keeps a thread whole, and deletes what a released hold protected", async () => {
    const { owner, workspace } = await workspaceWithOwner("Threads");
    const general = workspace.generalChannelId!;
    const forever = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "forever", kind: "public" });
    await oldMessages(forever.id, owner.id, 10, 100);
    await callerFor(owner.id).retention.setChannel({ channelId: forever.id, days: 0 });
    await callerFor(owner.id).workspaces.update({ workspaceId: workspace.id, retentionDays: 30 });
    // An old thread root with a recent reply stays as a placeholder.
    await oldMessages(general, owner.id, 1, 100);
    const [root] = await db().select().from(messages).where(and(eq(messages.channelId, general), eq(messages.body, "old message 1")));
    await callerFor(owner.id).messages.send({ channelId: general, body: "a reply", threadRootId: root!.id, clientNonce: nonce() });
    const hold = await callerFor(owner.id).retention.placeHold({ workspaceId: workspace.id, kind: "channel", targetId: general, reason: "" });
    expect((await runAction(SYSTEM, applyRetention, undefined))[workspace.id]).toEqual({ deleted: 0, placeholders: 0 });
    await callerFor(owner.id).retention.releaseHold({ holdId: hold.id });
    // The next day's run: the hold is gone, the root goes, and its recent reply keeps it as a placeholder.
    const later = await runAction(SYSTEM, applyRetention, undefined, { ...processServices, clock: { now: () => new Date(Date.now() + 2 * DAY) } });
    expect(later[workspace.id]).toEqual({ deleted: 0, placeholders: 1 });
    const [placeholder] = await db().select().from(messages).where(eq(messages.id, root!.id));
    expect(placeholder).toMatchObject({ body: "" });
    expect(placeholder!.deletedAt).not.toBeNull();
    expect(await countIn(forever.id)).toBe(10);
    const settings = await callerFor(owner.id).retention.settings({ workspaceId: workspace.id });
    expect(settings).toMatchObject({ days: 30, overrides: [{ channelId: forever.id, days: 0 }], holds: [] });
    const member = await joinedMember(owner.id, workspace.id, "Member");
    await expectTrpcError(callerFor(member.id).retention.setChannel({ channelId: general, days: 1 }), "FORBIDDEN");
    await expectTrpcError(callerFor(member.id).retention.settings({ workspaceId: workspace.id }), "FORBIDDEN");
  });
});
