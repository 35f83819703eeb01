import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { createCaller } from "../../src/server/api/root";
import { db } from "../../src/server/db/client";
import { users } from "../../src/server/db/schema";
import { bus } from "../../src/server/events";
import { presence } from "../../src/server/presence";
import { type ServerEvent, type Topic, topics } from "../../src/shared/events";

let sequence = 0;

/** A user row, without the cost of hashing a password (sign-up itself is tested separately). */
export async function makeUser(name = `User ${++sequence}`, email = `${name.toLowerCase().replace(/\W+/g, ".")}.${sequence++}@example.test`) {
  const [user] = await db().insert(users).values({ name, email }).returning();
  return user!;
}

export const callerFor = (userId: string | null) => createCaller({ userId });

/** Everything published on a topic while the test runs. */
export function recordTopic(topic: Topic) {
  const events: ServerEvent[] = [];
  const stop = bus().subscribe(topic, (event) => events.push(event));
  return { events, stop };
}

/** A person's tab open in the background (not in use), and what it is told: desktop notifications go only to open tabs. */
export async function openTabOf(userId: string) {
  const tabId = crypto.randomUUID();
  await presence().openTab(userId, tabId, "idle");
  const recorder = recordTopic(topics.user(userId));
  return {
    events: recorder.events,
    async close() {
      recorder.stop();
      await presence().closeTab(userId, tabId);
    },
  };
}

/** Resolves once `check` passes (events cross Redis asynchronously in the PostgreSQL project). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

export async function workspaceWithOwner(name = "Acme") {
  const owner = await makeUser(`${name} Owner`);
  const workspace = await callerFor(owner.id).workspaces.create({ name, slug: `${name.toLowerCase()}-${++sequence}` });
  return { owner, workspace };
}

/** The call fails with this tRPC code (and a message a person can read). */
export async function expectTrpcError(promise: Promise<unknown>, code: TRPCError["code"], message?: RegExp) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  if (message) expect((error as TRPCError).message).toMatch(message);
}

/** A workspace with an owner and a plain member, both in #general. */
export async function workspaceWithMember() {
  const { owner, workspace } = await workspaceWithOwner();
  const member = await joinedMember(owner.id, workspace.id, "Member");
  return { owner, member, workspace, general: workspace.generalChannelId };
}

/** A new person who joined the workspace through an invite link. */
export async function joinedMember(ownerId: string, workspaceId: string, name: string) {
  const member = await makeUser(name);
  const invite = await callerFor(ownerId).invites.create({ workspaceId, role: "member", expiresIn: "7d", maxUses: null });
  await callerFor(member.id).invites.accept({ token: invite.token });
  return member;
}

/** Row counts of every table: a refused call or sign-in must leave all of them as they were. */
export async function tableSizes() {
  const result = await db().execute<{ table: string }>(sql`
    select tablename as table from pg_tables where schemaname = 'public' order by tablename`);
  const rows = Array.isArray(result) ? result : (result as unknown as { rows: { table: string }[] }).rows;
  const sizes: Record<string, number> = {};
  for (const { table } of rows as { table: string }[]) {
    const counted = await db().execute<{ n: number }>(sql.raw(`select count(*)::int as n from "${table}"`));
    const first = (Array.isArray(counted) ? counted : (counted as unknown as { rows: { n: number }[] }).rows)[0] as { n: number };
    sizes[table] = first.n;
  }
  return sizes;
}
