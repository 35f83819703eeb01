import { eq } from "drizzle-orm";
import { TokenVerifier } from "livekit-server-sdk";
import { describe, expect, it } from "vitest";
import { env } from "../../src/env";
import { applyCallRoomEvent } from "../../src/server/actions/calls/apply-call-room-event";
import { expireUnansweredCalls } from "../../src/server/actions/calls/expire-unanswered-calls";
import { runAction, SYSTEM } from "../../src/server/actions/context";
import { db } from "../../src/server/db/client";
import { calls, messages } from "../../src/server/db/schema";
import { servicesAt } from "../../src/server/services";
import { topics } from "../../src/shared/events";
import { callerFor, eventually, expectTrpcError, makeUser, recordTopic, workspaceWithMember } from "./factories";

const roomEvent = (event: string, callId: string, identity?: string, at = new Date()) =>
  runAction(SYSTEM, applyCallRoomEvent, { id: crypto.randomUUID(), event, room: `call-${callId}`, identity, at });
/** The process's services, but with the clock at a given moment: what the ring sweep sees when that time has come. */
const expireAt = (moment: Date) => runAction(SYSTEM, expireUnansweredCalls, undefined, servicesAt(moment));
const systemLines = async (channelId: string) =>
  (await db().select({ body: messages.body, kind: messages.kind }).from(messages).where(eq(messages.channelId, channelId))).filter((row) => row.kind === "system").map((row) => row.body);

describe("calls", () => {
  it("starts a call in a channel, lets members join the same one, and refuses outsiders", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const recorder = recordTopic(topics.channel(general));
    const first = await callerFor(owner.id).calls.join({ channelId: general });
    const claims = await new TokenVerifier(env().LIVEKIT_API_KEY!, env().LIVEKIT_API_SECRET!).verify(first.token);
    expect(claims).toMatchObject({ sub: owner.id, video: { room: first.room, roomJoin: true } });
    expect(first.url).toBe("ws://127.0.0.1:7880");
    await eventually(() => expect(recorder.events).toContainEqual(expect.objectContaining({ type: "call.updated", call: expect.objectContaining({ id: first.callId, ringUntil: null }) })));
    const second = await callerFor(member.id).calls.join({ channelId: general });
    expect(second.callId).toBe(first.callId);
    expect(await callerFor(member.id).calls.active({ workspaceId: workspace.id })).toMatchObject([{ id: first.callId, channelId: general }]);

    const secret = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "secret", kind: "private" });
    await expectTrpcError(callerFor(member.id).calls.join({ channelId: secret.id }), "NOT_FOUND");
    const open = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "open", kind: "public" });
    await expectTrpcError(callerFor(member.id).calls.join({ channelId: open.id }), "BAD_REQUEST", /Join #open/);
    const stranger = await makeUser("Stranger");
    await expectTrpcError(callerFor(stranger.id).calls.join({ channelId: general }), "NOT_FOUND");
    await expectTrpcError(callerFor(stranger.id).calls.active({ workspaceId: workspace.id }), "NOT_FOUND");
    expect(await db().select().from(calls)).toHaveLength(1);
    recorder.stop();
  });

  it("follows who is in the call from LiveKit's events and sums it up when the last person leaves", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const { callId } = await callerFor(owner.id).calls.join({ channelId: general });
    const recorder = recordTopic(topics.channel(general));
    const start = Date.now();
    expect(await roomEvent("participant_joined", callId, owner.id, new Date(start))).toBe("applied");
    expect(await roomEvent("participant_joined", callId, member.id, new Date(start + 1000))).toBe("applied");
    await eventually(() => expect(recorder.events.filter((event) => event.type === "call.updated").at(-1)).toMatchObject({ call: { participantIds: [owner.id, member.id] } }));
    await roomEvent("participant_left", callId, member.id, new Date(start + 60_000));
    await roomEvent("participant_left", callId, owner.id, new Date(start + 14 * 60_000));
    await eventually(() => expect(recorder.events).toContainEqual(expect.objectContaining({ type: "call.ended", callId })));
    expect(await systemLines(general)).toEqual(["Call ended · 14 min · 2 people"]);
    expect(await callerFor(owner.id).calls.active({ workspaceId: (await callerFor(owner.id).channels.get({ channelId: general })).workspaceId })).toEqual([]);
    recorder.stop();
  });

  it("rings the other person of a DM: answered, declined, or missed", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const dm = await callerFor(owner.id).channels.openDm({ workspaceId: workspace.id, userIds: [member.id] });
    const ringing = recordTopic(topics.user(member.id));

    // Declined.
    const declined = await callerFor(owner.id).calls.join({ channelId: dm.id });
    await eventually(() => expect(ringing.events).toContainEqual(expect.objectContaining({ type: "call.ringing", callerId: owner.id, call: expect.objectContaining({ id: declined.callId }) })));
    await expectTrpcError(callerFor(owner.id).calls.decline({ callId: declined.callId }), "BAD_REQUEST", /your own call/);
    await callerFor(member.id).calls.decline({ callId: declined.callId });
    await expectTrpcError(callerFor(member.id).calls.decline({ callId: declined.callId }), "NOT_FOUND");

    // Answered: the callee joining stops the ringing.
    const answered = await callerFor(owner.id).calls.join({ channelId: dm.id });
    await roomEvent("participant_joined", answered.callId, owner.id);
    await roomEvent("participant_joined", answered.callId, member.id);
    const [row] = await db().select().from(calls).where(eq(calls.id, answered.callId));
    expect(row).toMatchObject({ ringUntil: null, answeredAt: expect.any(Date), endedAt: null });
    await callerFor(owner.id).calls.end({ callId: answered.callId });

    // Missed: nobody answers within the ring time.
    const missed = await callerFor(owner.id).calls.join({ channelId: dm.id });
    expect(await expireAt(new Date(Date.now() + 500))).toBe(0);
    expect(await expireAt(new Date(Date.now() + 1500))).toBe(1);
    expect(await expireAt(new Date(Date.now() + 1500))).toBe(0);
    const [ended] = await db().select().from(calls).where(eq(calls.id, missed.callId));
    expect(ended).toMatchObject({ endReason: "missed", endedAt: expect.any(Date) });
    expect(await systemLines(dm.id)).toEqual(["Call declined", expect.stringMatching(/^Call ended · /), "Missed call"]);
    ringing.stop();
  });

  it("lets only the starter or an admin end a call for everyone", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const started = await callerFor(owner.id).calls.join({ channelId: general });
    await expectTrpcError(callerFor(member.id).calls.end({ callId: started.callId }), "FORBIDDEN", /started the call or an admin/);
    await callerFor(owner.id).calls.end({ callId: started.callId });
    await expectTrpcError(callerFor(owner.id).calls.end({ callId: started.callId }), "NOT_FOUND", /ended/);

    const { callId } = await callerFor(member.id).calls.join({ channelId: general });
    const other = await makeUser("Other");
    await expectTrpcError(callerFor(other.id).calls.end({ callId }), "NOT_FOUND");
    await callerFor(owner.id).calls.end({ callId });
    expect(await systemLines(general)).toHaveLength(2);
  });
});
