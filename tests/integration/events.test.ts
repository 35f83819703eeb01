import { describe, expect, it } from "vitest";
import { workspaces } from "../../src/server/db/schema";
import { inTransaction } from "../../src/server/events";
import { streamUserEvents } from "../../src/server/events/stream";
import { type ServerEvent, topics } from "../../src/shared/events";
import { callerFor, eventually, makeUser, recordTopic, workspaceWithOwner } from "./factories";

describe("emit after commit", () => {
  it("publishes nothing when the transaction rolls back", async () => {
    const topic = topics.workspace(crypto.randomUUID());
    const recorder = recordTopic(topic);
    await expect(
      inTransaction(async (tx, emit) => {
        await tx.insert(workspaces).values({ name: "Doomed", slug: "doomed" });
        emit(topic, { type: "membership.changed" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const control = recordTopic(topics.user(crypto.randomUUID()));
    await inTransaction(async (_tx, emit) => emit(topic, { type: "membership.changed" }));
    await eventually(() => expect(recorder.events).toHaveLength(1));
    recorder.stop();
    control.stop();
  });
});

describe("a user's event stream", () => {
  it("follows the workspaces the user joins, without reconnecting", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const newcomer = await makeUser("Newcomer");
    const abort = new AbortController();
    const received: ServerEvent[] = [];
    const stream = streamUserEvents(newcomer.id, undefined, abort.signal);
    const reading = (async () => {
      for await (const { events } of stream) received.push(...events);
    })();
    await eventually(() => expect(received[0]).toEqual({ type: "stream.ready" }));

    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: null });
    await callerFor(newcomer.id).invites.accept({ token: invite.token });
    await eventually(() => expect(received).toContainEqual({ type: "membership.changed" }));

    // Now subscribed to the workspace: a later joiner reaches the newcomer.
    const later = await makeUser("Later");
    await callerFor(later.id).invites.accept({ token: invite.token });
    await eventually(() =>
      expect(received).toContainEqual(expect.objectContaining({ type: "workspace.member_joined", member: expect.objectContaining({ userId: later.id }) })),
    );

    // And the newcomer's own rename reaches their other tabs.
    await callerFor(newcomer.id).users.updateProfile({ name: "Newcomer Renamed" });
    await eventually(() => expect(received).toContainEqual({ type: "user.updated", user: expect.objectContaining({ id: newcomer.id, name: "Newcomer Renamed", image: null }) }));

    abort.abort();
    await reading;
  });

  it("stops hearing a workspace after leaving it", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const leaver = await makeUser("Leaver");
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: null });
    await callerFor(leaver.id).invites.accept({ token: invite.token });
    const abort = new AbortController();
    const received: ServerEvent[] = [];
    const reading = (async () => {
      for await (const { events } of streamUserEvents(leaver.id, undefined, abort.signal)) received.push(...events);
    })();
    await eventually(() => expect(received[0]).toEqual({ type: "stream.ready" }));
    await callerFor(leaver.id).workspaces.leave({ workspaceId: workspace.id });
    await eventually(() => expect(received).toContainEqual({ type: "membership.changed" }));
    await callerFor(owner.id).workspaces.update({ workspaceId: workspace.id, name: "Secret rename" });
    // A marker the leaver does hear, published after the rename: once it arrives, the rename would have too.
    await callerFor(leaver.id).users.updateProfile({ name: "Marker" });
    await eventually(() => expect(received).toContainEqual(expect.objectContaining({ type: "user.updated" })));
    expect(received).not.toContainEqual(expect.objectContaining({ type: "workspace.updated" }));
    abort.abort();
    await reading;
  });
});
