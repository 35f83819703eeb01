import { expect, type Page } from "@playwright/test";
import { signedWebhook } from "../tests/integration/livekit-webhooks";
import { messageByText, twoPeopleInAWorkspace, test } from "./helpers";

const keys = { apiKey: process.env.LIVEKIT_API_KEY!, apiSecret: process.env.LIVEKIT_API_SECRET! };

/** What LiveKit would tell the app as people come and go, signed with our key by the SDK. */
async function roomEvent(page: Page, event: string, callId: string, identity?: string) {
  const { body, authorization } = await signedWebhook({ event, callId, identity }, keys);
  const response = await page.request.post("/api/livekit/webhook", { data: body, headers: { authorization, "content-type": "application/webhook+json" } });
  expect(response.status()).toBe(200);
}

async function startCall(page: Page) {
  const joined = page.waitForResponse((response) => response.url().includes("calls.join"));
  await page.getByRole("button", { name: /^(Start a call|Join the call)$/ }).click();
  const body = await (await joined).json();
  return (Array.isArray(body) ? body[0] : body).result.data.json as { callId: string };
}

const userIdOf = async (page: Page) => ((await (await page.request.get("/api/trpc/users.me")).json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;

async function openDm(page: Page, name: string) {
  await page.getByRole("button", { name: "New message" }).click();
  await page.getByRole("dialog").getByText(name).click();
  await page.getByRole("dialog").getByRole("button", { name: /Start|Open|Go/ }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("a call in a channel: one click to start, a live banner for the others, the controls, and a summary at the end", async ({ browser }) => {
  const { anaPage, benPage } = await twoPeopleInAWorkspace(browser);
  const [anaId, benId] = [await userIdOf(anaPage), await userIdOf(benPage)];
  const { callId } = await startCall(anaPage);

  // Ana's call bar: connecting (no media server here), with every control.
  const bar = anaPage.getByRole("region", { name: "Call", exact: true });
  await expect(anaPage.getByRole("toolbar", { name: "Call controls" })).toBeVisible();
  for (const control of ["Mute microphone", "Turn camera on", "Share your screen", "Devices", "Open the call", "Leave call"]) {
    await expect(anaPage.getByRole("toolbar", { name: "Call controls" }).getByRole("button", { name: control })).toBeVisible();
  }
  await expect(bar.getByRole("status")).toHaveText(/Connecting…|Could not connect/);

  // Ben: a banner as soon as the call starts; names as LiveKit reports people joining.
  const banner = benPage.getByRole("region", { name: "Call in progress" });
  await expect(banner).toContainText("A call is starting");
  await expect(benPage.getByRole("link", { name: /channel general/ }).getByLabel("Call in progress")).toBeVisible();
  await roomEvent(anaPage, "participant_joined", callId, anaId);
  await expect(banner).toContainText("Ana Tester is in a call");
  await banner.getByRole("button", { name: "Join" }).click();
  await expect(benPage.getByRole("toolbar", { name: "Call controls" })).toBeVisible();
  await roomEvent(benPage, "participant_joined", callId, benId);
  await expect(anaPage.getByRole("region", { name: "Call in progress" })).toContainText("Ana Tester, Ben Tester are in a call");

  // The call keeps running while Ana moves to another view.
  await anaPage.getByRole("link", { name: "Saved" }).click();
  await expect(anaPage.getByRole("toolbar", { name: "Call controls" })).toBeVisible();
  await anaPage.goBack();

  // Everyone leaves: the call ends, with its summary in the channel.
  await roomEvent(benPage, "participant_left", callId, benId);
  await roomEvent(anaPage, "participant_left", callId, anaId);
  await expect(banner).toHaveCount(0);
  await expect(messageByText(benPage, "Call ended")).toContainText(/Call ended · \d+ min · 2 people/);
  await expect(anaPage.getByRole("toolbar", { name: "Call controls" })).toHaveCount(0);
});

test("a DM call rings the other person: declined, accepted, and missed", async ({ browser }) => {
  const { anaPage, benPage } = await twoPeopleInAWorkspace(browser);
  const [anaId, benId] = [await userIdOf(anaPage), await userIdOf(benPage)];
  await openDm(anaPage, "Ben Tester");
  const ringing = benPage.getByRole("dialog", { name: "Ana Tester is calling you" });

  // Declined.
  await startCall(anaPage);
  await expect(ringing).toBeVisible();
  await ringing.getByRole("button", { name: "Decline" }).click();
  await expect(ringing).toHaveCount(0);
  await expect(messageByText(anaPage, "Call declined")).toBeVisible();
  await expect(anaPage.getByRole("toolbar", { name: "Call controls" })).toHaveCount(0);

  // Accepted: Ben is taken into the call; once LiveKit reports him in, it stops ringing everywhere.
  const { callId } = await startCall(anaPage);
  await expect(ringing).toBeVisible();
  await ringing.getByRole("button", { name: "Accept" }).click();
  await expect(ringing).toHaveCount(0);
  await expect(benPage.getByRole("toolbar", { name: "Call controls" })).toBeVisible();
  await roomEvent(anaPage, "participant_joined", callId, anaId);
  await roomEvent(benPage, "participant_joined", callId, benId);
  await expect(anaPage.getByRole("region", { name: "Call in progress" })).toContainText("Ana Tester, Ben Tester are in a call");
  await roomEvent(anaPage, "participant_left", callId, anaId);
  await roomEvent(benPage, "participant_left", callId, benId);
  await expect(messageByText(anaPage, "Call ended")).toBeVisible();

  // Missed: nobody answers within the ring time (4 s in this suite).
  await startCall(anaPage);
  await expect(ringing).toBeVisible();
  await expect(ringing).toHaveCount(0, { timeout: 15_000 });
  await expect(messageByText(anaPage, "Missed call")).toBeVisible();
  await benPage.getByRole("link", { name: /Ana Tester/ }).click();
  await expect(messageByText(benPage, "Missed call")).toBeVisible();
});
