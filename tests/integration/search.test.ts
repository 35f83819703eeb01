import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../src/server/db/client";
import { files, messages } from "../../src/server/db/schema";
import { parseSearch } from "../../src/shared/search";
import { callerFor, expectTrpcError, makeUser, workspaceWithMember } from "./factories";

type World = Awaited<ReturnType<typeof world>>;

/** One workspace with a known history: who said what, where and when. */
async function world() {
  const { owner, member, workspace, general } = await workspaceWithMember();
  const ops = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "ops", kind: "public" });
  await callerFor(member.id).channels.join({ channelId: ops.id });
  const secret = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "secret", kind: "private" });
  const say = async (userId: string, channelId: string, body: string, at?: string, extra: { threadRootId?: string } = {}) => {
    const message = await callerFor(userId).messages.send({ channelId, body, clientNonce: crypto.randomUUID(), ...extra });
    if (at) await db().update(messages).set({ createdAt: new Date(at) }).where(eq(messages.id, message.id));
    return message;
  };
  const m = {
    deploy: await say(owner.id, general, "Deploying the billing service tonight", "2026-03-10T15:00:00Z"),
    deployed: await say(member.id, ops.id, "The billing deploy finished without errors", "2026-03-11T09:00:00Z"),
    link: await say(member.id, general, "Runbook at https://wiki.example.com/billing", "2026-03-12T09:00:00Z"),
    ai: await say(owner.id, ops.id, "We should try AI summaries", "2026-03-13T09:00:00Z"),
    phrase: await say(owner.id, general, "the quick brown fox jumps", "2026-03-14T09:00:00Z"),
    secret: await say(owner.id, secret.id, "billing password rotation is secret", "2026-03-15T09:00:00Z"),
  };
  const reply = await say(member.id, general, "Billing thread reply", "2026-03-16T09:00:00Z", { threadRootId: m.deploy.id });
  await db().insert(files).values({
    workspaceId: workspace.id,
    channelId: ops.id,
    messageId: m.deployed.id,
    uploaderId: member.id,
    name: "billing-deploy-checklist.pdf",
    size: 1000,
    mimeType: "application/pdf",
    kind: "file",
    storageKey: `${workspace.id}/unused`,
  });
  return { owner, member, workspace, ops, secret, m: { ...m, reply } };
}

let w: World;
// The database is emptied before each test, so each one builds the world again.
beforeEach(async () => {
  w = await world();
});

/** Newest first, so each expectation reads as the history above. */
async function found(query: string, as = w.member.id, utcOffsetMinutes = 0) {
  const result = await callerFor(as).search.workspace({ workspaceId: w.workspace.id, query, utcOffsetMinutes, sort: "newest" });
  return result.messages.map((message) => message.id);
}

describe("search", () => {
  it("parses words, phrases, exclusions and operators", () => {
    expect(parseSearch('deploy "quick brown" -staging from:@ana in:#ops before:2026-03-12 after:2026-01-01 has:link has:file is:thread')).toEqual({
      terms: ["deploy"],
      phrases: ["quick brown"],
      excluded: ["staging"],
      from: ["ana"],
      in: ["ops"],
      before: "2026-03-12",
      after: "2026-01-01",
      hasLink: true,
      hasFile: true,
      isThread: true,
    });
  });

  it("matches stemmed words, parts of words and two-letter terms", async () => {
    const { m } = w;
    expect(await found("deploy")).toEqual([m.deployed.id, m.deploy.id]);
    expect(await found("bill")).toEqual([m.reply.id, m.link.id, m.deployed.id, m.deploy.id]);
    expect(await found("AI")).toEqual([m.ai.id]);
    expect(await found('"brown fox"')).toEqual([m.phrase.id]);
    expect(await found('"fox brown"')).toEqual([]);
    expect(await found("billing -deploy")).toEqual([m.reply.id, m.link.id]);
  });

  it("narrows by person, channel, date, link, file and thread", async () => {
    const { m, owner } = w;
    expect(await found(`billing from:@${w.member.name.split(" ")[0]!.toLowerCase()}`)).toEqual([m.reply.id, m.link.id, m.deployed.id]);
    expect(await found(`from:@${owner.email}`)).toEqual([m.phrase.id, m.ai.id, m.deploy.id]);
    expect(await found("billing in:#ops")).toEqual([m.deployed.id]);
    expect(await found("billing before:2026-03-11")).toEqual([m.deploy.id]);
    expect(await found("billing after:2026-03-11")).toEqual([m.reply.id, m.link.id]);
    expect(await found("on:2026-03-11")).toEqual([m.deployed.id]);
    // Days are the searcher's: nine hours east of UTC, the 11th began at 15:00 UTC on the 10th.
    expect(await found("on:2026-03-11", w.member.id, 9 * 60)).toEqual([m.deployed.id, m.deploy.id]);
    expect(await found("has:link")).toEqual([m.link.id]);
    expect(await found("has:file")).toEqual([m.deployed.id]);
    expect(await found("billing is:thread")).toEqual([m.reply.id, m.deploy.id]);
  });

  it("finds files by name, never shows what the searcher cannot read, and ignores an empty search", async () => {
    const result = await callerFor(w.member.id).search.workspace({ workspaceId: w.workspace.id, query: "checklist" });
    expect(result.files.map((file) => file.name)).toEqual(["billing-deploy-checklist.pdf"]);
    expect(result.files[0]!.nameParts).toEqual([
      { text: "billing-deploy-", match: false },
      { text: "checklist", match: true },
      { text: ".pdf", match: false },
    ]);

    // The private channel's message exists only for its members.
    expect(await found("password")).toEqual([]);
    expect(await found("password", w.owner.id)).toEqual([w.m.secret.id]);
    const outsider = await makeUser("Search Outsider");
    await expectTrpcError(callerFor(outsider.id).search.workspace({ workspaceId: w.workspace.id, query: "billing" }), "NOT_FOUND");
    expect(await callerFor(w.member.id).search.workspace({ workspaceId: w.workspace.id, query: "   " })).toEqual({ nextCursor: null, messages: [], files: [] });

    const [hit] = (await callerFor(w.member.id).search.workspace({ workspaceId: w.workspace.id, query: "errors" })).messages;
    expect(hit).toMatchObject({ channelName: "ops", authorName: w.member.name });
    expect(hit!.snippet).toEqual([
      { text: "The billing deploy finished without ", match: false },
      { text: "errors", match: true },
    ]);
  });

  it("ranks the words' best matches first, and pages through every result once", async () => {
    const say = (body: string) => callerFor(w.owner.id).messages.send({ channelId: w.m.deploy.channelId, body, clientNonce: crypto.randomUUID() });
    const together = await say("rollback plan for the migration");
    const apart = await say("the rollback went fine, and tomorrow we look at the other plan");
    const search = (sort: "relevant" | "newest") => callerFor(w.member.id).search.workspace({ workspaceId: w.workspace.id, query: "rollback plan", sort });
    expect((await search("relevant")).messages.map((message) => message.id)).toEqual([together.id, apart.id]);
    expect((await search("newest")).messages.map((message) => message.id)).toEqual([apart.id, together.id]);

    const sent = new Set<string>();
    for (let index = 0; index < 23; index++) sent.add((await say(`standup note ${index}`)).id);
    for (const sort of ["relevant", "newest"] as const) {
      const seen: string[] = [];
      const pageSizes: number[] = [];
      for (let cursor: number | null = 0; cursor !== null; ) {
        const page = await callerFor(w.member.id).search.workspace({ workspaceId: w.workspace.id, query: "standup", sort, limit: 10, cursor });
        seen.push(...page.messages.map((message) => message.id));
        pageSizes.push(page.messages.length);
        cursor = page.nextCursor;
      }
      expect(pageSizes).toEqual([10, 10, 3]);
      expect(new Set(seen)).toEqual(sent);
    }
  });
});
