import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../../src/env";
import { db } from "../../src/server/db/client";
import { jobs, pushSubscriptions } from "../../src/server/db/schema";
import { backgroundSettled } from "../../src/server/jobs/background";
import { runDueJobs } from "../../src/server/jobs/queue";
import { presence } from "../../src/server/presence";
import { callerFor, expectTrpcError, tableSizes, workspaceWithMember } from "./factories";
import { startPushService } from "./push-service";

const nonce = () => crypto.randomUUID();
let pushService: Awaited<ReturnType<typeof startPushService>>;
beforeAll(async () => void (pushService = await startPushService()));
afterAll(() => pushService.close());

/** Time passes beyond the push delay: the push job is due, then each device's delivery it writes. */
async function afterPushDelay() {
  await backgroundSettled();
  const later = new Date(Date.now() + env().PUSH_DELAY_MS + 1000);
  await runDueJobs(later);
  await backgroundSettled();
  await runDueJobs(later);
}

describe("Web Push", () => {
  it("pushes a mention to every browser of a person who is away, encrypted for each, signed with our VAPID key, once", async () => {
    const { owner, member, general, workspace } = await workspaceWithMember();
    const laptop = pushService.subscription(`laptop-${member.id}`);
    const phone = pushService.subscription(`phone-${member.id}`);
    await callerFor(member.id).notifications.subscribePush(laptop);
    await callerFor(member.id).notifications.subscribePush(phone);
    expect((await callerFor(member.id).notifications.pushSubscriptions()).map((device) => device.userAgent).sort()).toEqual([laptop.userAgent, phone.userAgent].sort());

    const sent = await callerFor(owner.id).messages.send({ channelId: general, body: `<@${member.id}> the release is **out**`, clientNonce: nonce() });
    await backgroundSettled();
    expect(pushService.received).toHaveLength(0);
    await afterPushDelay();
    await afterPushDelay();

    const mine = pushService.received.filter((push) => push.path.endsWith(member.id));
    expect(pushService.failures).toEqual([]);
    expect(mine.map((push) => push.path).sort()).toEqual([`/push/laptop-${member.id}`, `/push/phone-${member.id}`]);
    for (const push of mine) {
      expect(push.payload).toMatchObject({ tag: sent.id, title: "#general", body: "Acme Owner: @Member the release is out", path: `/w/${workspace.slug}/c/${general}?message=${sent.id}` });
      expect(push.claims.aud).toBe(`http://127.0.0.1:${new URL(laptop.endpoint).port}`);
      expect(push.claims.sub).toBe(env().vapid!.subject);
      expect(push.claims.exp * 1000).toBeGreaterThan(Date.now());
      expect(push.headers.ttl).toBeDefined();
    }
    // Only the missed-activity email is left waiting; every push job is done.
    expect((await db().select({ kind: jobs.kind }).from(jobs)).map((job) => job.kind)).toEqual(["email"]);
  });

  it("sends nothing when the message was read in time, or the person is back at a tab", async () => {
    const { owner, member, general } = await workspaceWithMember();
    await callerFor(member.id).notifications.subscribePush(pushService.subscription(`read-${member.id}`));
    const first = await callerFor(owner.id).messages.send({ channelId: general, body: `<@${member.id}> read me`, clientNonce: nonce() });
    await backgroundSettled();
    await callerFor(member.id).channels.markRead({ channelId: general, seq: first.seq });
    await afterPushDelay();

    await callerFor(owner.id).messages.send({ channelId: general, body: `<@${member.id}> and me`, clientNonce: nonce() });
    await backgroundSettled();
    await presence().openTab(member.id, "tab-1", "active");
    await afterPushDelay();
    expect(pushService.received.filter((push) => push.path.endsWith(member.id))).toEqual([]);
  });

  it("shows only what the workspace allows, and forgets a browser whose push service answers 410", async () => {
    const { owner, member, general, workspace } = await workspaceWithMember();
    await callerFor(owner.id).workspaces.update({ workspaceId: workspace.id, pushContent: "generic" });
    await callerFor(member.id).notifications.subscribePush(pushService.subscription(`gone-${member.id}`));
    pushService.answerWith(410);
    try {
      await callerFor(owner.id).messages.send({ channelId: general, body: `<@${member.id}> secret plans`, clientNonce: nonce() });
      await afterPushDelay();
    } finally {
      pushService.answerWith(201);
    }
    const [push] = pushService.received.filter((entry) => entry.path.endsWith(member.id));
    expect(push!.payload).toMatchObject({ title: "Confab", body: "You have a new message" });
    expect(JSON.stringify(push!.payload)).not.toContain("secret");
    expect(await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, member.id))).toEqual([]);
  });

  it("refuses endpoints on private addresses, plain http, malformed keys and oversized subscriptions, writing nothing", async () => {
    const { member } = await workspaceWithMember();
    const good = pushService.subscription(`bad-${member.id}`);
    const before = await tableSizes();
    const caller = callerFor(member.id).notifications;
    await expectTrpcError(caller.subscribePush({ ...good, endpoint: "https://192.168.1.20/push/x" }), "BAD_REQUEST", /public internet/);
    await expectTrpcError(caller.subscribePush({ ...good, endpoint: "https://[::1]/push/x" }), "BAD_REQUEST", /public internet/);
    await expectTrpcError(caller.subscribePush({ ...good, endpoint: "http://push.example.com/x" }), "BAD_REQUEST", /https/);
    await expectTrpcError(caller.subscribePush({ ...good, endpoint: `https://push.example.com/${"x".repeat(3000)}` }), "BAD_REQUEST", /too long/);
    await expectTrpcError(caller.subscribePush({ ...good, keys: { ...good.keys, p256dh: "not-a-key" } }), "BAD_REQUEST", /p256dh key is not valid/);
    await expectTrpcError(caller.subscribePush({ ...good, keys: { p256dh: good.keys.p256dh, auth: "" } }), "BAD_REQUEST", /auth key is not valid/);
    await expectTrpcError(caller.revokePush({ id: "no-such-device" }), "NOT_FOUND", /not signed up/);
    expect(await tableSizes()).toEqual(before);
  });

  it("lets a person revoke one of their browsers, and no one else's", async () => {
    const { owner, member } = await workspaceWithMember();
    const { id } = await callerFor(member.id).notifications.subscribePush(pushService.subscription(`revoke-${member.id}`));
    await expectTrpcError(callerFor(owner.id).notifications.revokePush({ id }), "NOT_FOUND");
    await callerFor(member.id).notifications.revokePush({ id });
    expect(await callerFor(member.id).notifications.pushSubscriptions()).toEqual([]);
  });
});
