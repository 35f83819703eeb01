import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDraining } from "../../src/server/transport/health";
import { startDoorServer } from "./door-server";

// A file of its own: draining is the process's state from then on (each test file has its own modules).
let doors: Awaited<ReturnType<typeof startDoorServer>>;
beforeAll(async () => {
  doors = await startDoorServer();
});
afterAll(() => doors.close());

describe("a draining process", () => {
  it("says it is not ready while it is still alive and still answering", async () => {
    expect((await fetch(`http://${doors.host}/api/health/ready`)).status).toBe(200);
    startDraining();
    const ready = await fetch(`http://${doors.host}/api/health/ready`);
    expect({ status: ready.status, body: await ready.json() }).toMatchObject({ status: 503, body: { status: "draining", database: "up" } });
    expect((await fetch(`http://${doors.host}/api/health`)).status).toBe(503);
    expect((await fetch(`http://${doors.host}/api/health/live`)).status).toBe(200);
    // Requests already on their way are still served.
    expect((await fetch(`http://${doors.host}/api/trpc/users.me`)).status).toBe(401);
  });
});
