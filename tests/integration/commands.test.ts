import { describe, expect, it } from "vitest";
import { topics } from "../../src/shared/events";
import { callerFor, eventually, expectTrpcError, joinedMember, recordTopic, workspaceWithMember } from "./factories";

const nonce = () => crypto.randomUUID();

describe("Confab's own slash commands", () => {
  it("/me and /shrug post the caller's message, once per nonce, in the channel or the thread they were typed in", async () => {
    const { member, general } = await workspaceWithMember();
    const asMember = callerFor(member.id);
    const clientNonce = nonce();
    const me = await asMember.commands.run({ channelId: general, command: "/me", text: "is deploying", clientNonce });
    expect(me).toMatchObject({ ephemeral: [], left: false, message: { authorId: member.id, body: "_is deploying_" } });
    // A retry (same nonce) returns the message it posted the first time.
    expect((await asMember.commands.run({ channelId: general, command: "/me", text: "is deploying", clientNonce })).message?.id).toBe(me.message!.id);
    await expectTrpcError(asMember.commands.run({ channelId: general, command: "/me", text: "" }), "BAD_REQUEST", /after \/me/);

    const shrug = await asMember.commands.run({ channelId: general, command: "/shrug", text: "it works on my machine", threadRootId: me.message!.id });
    // Escaped, so the markdown shows the arms and the face as typed.
    expect(shrug.message).toMatchObject({ threadRootId: me.message!.id, body: "it works on my machine ¯\\\\\\_(ツ)\\_/¯" });
    const history = await asMember.messages.history({ channelId: general });
    expect(history.messages.filter((message) => message.kind === "user").map((message) => message.body)).toEqual(["_is deploying_"]);
    expect((await asMember.messages.thread({ rootId: me.message!.id })).replies.map((reply) => reply.id)).toEqual([shrug.message!.id]);
  });

  it("/invite adds people picked or named, says who already was in and who it could not find; /topic sets the topic", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const ana = await joinedMember(owner.id, workspace.id, "Ana López");
    const channel = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "launch", kind: "private" });
    const asOwner = callerFor(owner.id);
    const invited = await asOwner.commands.run({ channelId: channel.id, command: "/invite", text: `<@${member.id}> @ana` });
    expect(invited.ephemeral.map((note) => note.body)).toEqual(["Added Member and Ana López to #launch."]);
    const members = await asOwner.channels.members({ channelId: channel.id });
    expect(members.map((person) => person.userId).sort()).toEqual([owner.id, member.id, ana.id].sort());
    const again = await asOwner.commands.run({ channelId: channel.id, command: "/invite", text: "@Ana @nobody-here" });
    expect(again.ephemeral.map((note) => note.body)).toEqual(["No one in this workspace is called “Ana nobody-here”."]);
    const already = await asOwner.commands.run({ channelId: channel.id, command: "/invite", text: `<@${ana.id}>` });
    expect(already.ephemeral.map((note) => note.body)).toEqual(["Ana López is already in #launch."]);
    await expectTrpcError(asOwner.commands.run({ channelId: channel.id, command: "/invite", text: "" }), "BAD_REQUEST", /who to add/);

    const watching = recordTopic(topics.channel(channel.id));
    try {
      const topic = await callerFor(member.id).commands.run({ channelId: channel.id, command: "/topic", text: "Ship *Friday*" });
      expect(topic.ephemeral.map((note) => note.body)).toEqual(["Topic of #launch set to: Ship \\*Friday\\*"]);
      await eventually(() => expect(watching.events).toContainEqual(expect.objectContaining({ type: "channel.updated", channel: expect.objectContaining({ topic: "Ship *Friday*" }) })));
    } finally {
      watching.stop();
    }
    await expectTrpcError(asOwner.commands.run({ channelId: channel.id, command: "/topic", text: "x".repeat(251) }), "BAD_REQUEST", /at most 250/);
  });

  it("/mute toggles the caller's mute, /leave leaves (not #general), and a private channel is not found for outsiders", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const asMember = callerFor(member.id);
    const channel = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "random", kind: "public" });
    await asMember.channels.join({ channelId: channel.id });
    const mutedNote = await asMember.commands.run({ channelId: channel.id, command: "/mute", text: "" });
    expect(mutedNote.ephemeral[0]!.body).toMatch(/^You muted #random/);
    expect((await asMember.channels.mine({ workspaceId: workspace.id })).find((entry) => entry.id === channel.id)).toMatchObject({ muted: true });
    expect((await asMember.commands.run({ channelId: channel.id, command: "/mute", text: "" })).ephemeral[0]!.body).toBe("You unmuted #random.");
    expect((await asMember.channels.mine({ workspaceId: workspace.id })).find((entry) => entry.id === channel.id)).toMatchObject({ muted: false });

    expect(await asMember.commands.run({ channelId: channel.id, command: "/leave", text: "" })).toMatchObject({ left: true });
    expect((await asMember.channels.mine({ workspaceId: workspace.id })).some((entry) => entry.id === channel.id)).toBe(false);
    await expectTrpcError(asMember.commands.run({ channelId: general, command: "/leave", text: "" }), "BAD_REQUEST", /stays in #general/);
    // Out of the channel now: commands there are refused like any post.
    await expectTrpcError(asMember.commands.run({ channelId: channel.id, command: "/shrug", text: "" }), "BAD_REQUEST", /Join #random/);

    const secret = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "secret", kind: "private" });
    await expectTrpcError(asMember.commands.run({ channelId: secret.id, command: "/topic", text: "mine now" }), "NOT_FOUND");
    await expectTrpcError(asMember.commands.run({ channelId: general, command: "/shrug", text: "", threadRootId: crypto.randomUUID() }), "NOT_FOUND", /thread/);
  });
});
