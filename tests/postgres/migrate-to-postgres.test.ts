import { type ChildProcess, spawn } from "node:child_process";
import { readdir, rename } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase } from "../../bench/support";
import { runAction, userActor } from "../../src/server/actions/context";
import { uploadFile } from "../../src/server/actions/files/upload-file";
import { backgroundSettled } from "../../src/server/jobs/background";
import { createDbHandle, type DbHandle, dbHandle, setDbHandle } from "../../src/server/db/client";
import { ssoConnections, ssoDomains } from "../../src/server/db/schema";
import { callerFor, workspaceWithMember } from "../integration/factories";

// A team that started on the embedded database moves to PostgreSQL: every kind of row, and the app shows the same.
// This test file's own data folder (tests/setup/env.ts): the embedded database and the files the app stores there.
const dataDir = process.env.DATA_DIR!;
const targets: Array<Awaited<ReturnType<typeof freshDatabase>>> = [];
let team: Awaited<ReturnType<typeof workspaceWithMember>>;
let historyThere: string[];

/** One of the README's commands, as its own process; `stopWhen` kills it as soon as its output matches. */
function run(script: string, args: string[], options: { stopWhen?: RegExp } = {}) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const read = (chunk: Buffer) => {
      output += chunk;
      if (options.stopWhen?.test(output)) child.kill("SIGKILL");
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", (code) => resolve({ code, output }));
  });
}
const migrate = (to: string, options: { batchSize?: number; stopWhen?: RegExp } = {}) =>
  run("scripts/migrate-to-postgres.ts", ["--from", dataDir, "--to", to, "--batch-size", String(options.batchSize ?? 3)], options);
const checkRestore = (database: string) => run("scripts/check-restore.ts", ["--database", database, "--files", dataDir]);

async function historyOn(handle: DbHandle) {
  const previous = dbHandle();
  setDbHandle(handle);
  try {
    const page = await callerFor(team.owner.id).messages.history({ channelId: team.general });
    const thread = await callerFor(team.owner.id).messages.thread({ rootId: page.messages.find((message) => message.replyCount > 0)!.id });
    return [...page.messages.map((message) => `${message.body} ${message.reactions.map((reaction) => reaction.emoji).join(",")} ${message.files.map((file) => file.name).join(",")}`), ...thread.replies.map((reply) => `reply: ${reply.body}`)];
  } finally {
    setDbHandle(previous);
  }
}

beforeAll(async () => {
  // The embedded database, filled through the app's own actions.
  const embedded = createDbHandle({ dataDir });
  await embedded.migrate();
  const previous = dbHandle();
  setDbHandle(embedded);
  try {
    team = await workspaceWithMember();
    const asOwner = callerFor(team.owner.id);
    const nonce = () => crypto.randomUUID();
    const root = await asOwner.messages.send({ channelId: team.general, body: "Release plan", clientNonce: nonce() });
    for (let n = 1; n <= 7; n++) await callerFor(team.member.id).messages.send({ channelId: team.general, body: `update ${n}`, clientNonce: nonce() });
    await callerFor(team.member.id).messages.send({ channelId: team.general, threadRootId: root.id, body: "Looks good", clientNonce: nonce() });
    await asOwner.messages.react({ messageId: root.id, emoji: "🎉" });
    const file = await runAction(userActor(team.owner.id), uploadFile, { channelId: team.general, name: "plan.txt", size: 4, body: Readable.from([Buffer.from("plan")]) });
    await asOwner.messages.send({ channelId: team.general, body: "attached", fileIds: [file.id], clientNonce: nonce() });
    await asOwner.calls.join({ channelId: team.general });
    await embedded.db.insert(ssoConnections).values({ workspaceId: team.workspace.id, protocol: "oidc", name: "Acme IdP", issuer: "https://idp.example.test", clientId: "confab" });
    await embedded.db.insert(ssoDomains).values({ workspaceId: team.workspace.id, domain: "acme.example.test", verificationToken: "token" });
    await backgroundSettled();
    historyThere = await historyOn(embedded);
  } finally {
    setDbHandle(previous);
    // The move reads the folder in its own process: PGlite lets one at a time have it.
    await embedded.close();
  }
}, 120_000);

afterAll(async () => {
  for (const target of targets) await target.drop();
});

describe("npm run migrate-to-postgres", () => {
  it("moves everything; the app on PostgreSQL shows the same history; a second run changes nothing", { timeout: 120_000 }, async () => {
    const target = await freshDatabase(process.env.DATABASE_URL!, "moved");
    targets.push(target);
    const first = await migrate(target.url);
    expect(first.output).toContain("every row of");
    expect(first.code).toBe(0);
    const moved = createDbHandle({ databaseUrl: target.url, poolSize: 2 });
    try {
      expect(await historyOn(moved)).toEqual(historyThere);
      expect(historyThere).toContain("Release plan 🎉 ");
      const [connection] = await moved.db.select().from(ssoConnections);
      expect(connection).toMatchObject({ name: "Acme IdP", issuer: "https://idp.example.test" });
    } finally {
      await moved.close();
    }
    const again = await migrate(target.url);
    expect(again.code).toBe(0);
    const added = [...again.output.matchAll(/rows read, ([\d,]+) new/g)].map((match) => match[1]);
    expect(added.length).toBeGreaterThan(20);
    expect(new Set(added)).toEqual(new Set(["0"]));

    // The moved database, checked as a restored backup is: whole, then missing a file's bytes.
    const whole = await checkRestore(target.url);
    expect(whole).toMatchObject({ code: 0, output: expect.stringContaining("The restore is whole.") });
    expect(whole.output).toMatch(/messages: \d+ rows/);
    const [stored] = (await readdir(path.join(dataDir, "files"), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    const storedPath = path.join(stored!.parentPath, stored!.name);
    await rename(storedPath, `${storedPath}.away`);
    try {
      const broken = await checkRestore(target.url);
      expect(broken.code).toBe(1);
      expect(broken.output).toContain("the file plan.txt");
    } finally {
      await rename(`${storedPath}.away`, storedPath);
    }
  });

  it("carries on where an interrupted run stopped", { timeout: 120_000 }, async () => {
    const target = await freshDatabase(process.env.DATABASE_URL!, "resumed");
    targets.push(target);
    // Killed in the middle of the messages, one row per batch.
    const interrupted = await migrate(target.url, { batchSize: 1, stopWhen: /messages: [3-9] rows read/ });
    expect(interrupted.code).not.toBe(0);
    expect(interrupted.output).not.toContain("every row of");
    const resumed = await migrate(target.url);
    expect(resumed.code).toBe(0);
    expect(resumed.output).toMatch(/messages: \d+ rows read, [1-9]\d* new/);
    const moved = createDbHandle({ databaseUrl: target.url, poolSize: 2 });
    try {
      expect(await historyOn(moved)).toEqual(historyThere);
    } finally {
      await moved.close();
    }
  });
});
