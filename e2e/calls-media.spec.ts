import { expect } from "@playwright/test";
import { twoPeopleInAWorkspace, test } from "./helpers";

/**
 * Real media through a real LiveKit server: runs when LIVEKIT_URL points at one (for example `docker compose up
 * livekit`, then `LIVEKIT_URL=ws://localhost:7880 npm test`); the browsers use Chromium's fake camera and microphone.
 */
const reason = "LIVEKIT_URL is not set: no LiveKit server to carry media (see README, Calls)";
if (!process.env.LIVEKIT_URL) console.log(`calls-media.spec.ts skipped: ${reason}`);

test("two people in one call see each other's video, then a shared screen", async ({ browser }) => {
  test.skip(!process.env.LIVEKIT_URL, reason);
  test.setTimeout(120_000);
  const { anaPage, benPage } = await twoPeopleInAWorkspace(browser);
  await anaPage.getByRole("button", { name: "Start a call" }).click();
  await expect(anaPage.getByRole("region", { name: "Call", exact: true }).getByRole("status")).toHaveText(/in the call/, { timeout: 30_000 });
  await benPage.getByRole("region", { name: "Call in progress" }).getByRole("button", { name: "Join" }).click();
  await expect(benPage.getByRole("region", { name: "Call", exact: true }).getByRole("status")).toHaveText("2 in the call", { timeout: 30_000 });

  for (const page of [anaPage, benPage]) {
    await page.getByRole("toolbar", { name: "Call controls" }).getByRole("button", { name: "Turn camera on" }).click();
    await page.getByRole("button", { name: "Open the call" }).click();
  }
  const playing = (figure: ReturnType<typeof anaPage.getByRole>) =>
    expect.poll(() => figure.locator("video").evaluate((video: HTMLVideoElement) => video.readyState >= 2 && video.videoWidth > 0), { timeout: 30_000 }).toBe(true);
  await playing(anaPage.getByRole("figure", { name: "Ben Tester", exact: true }));
  await playing(benPage.getByRole("figure", { name: "Ana Tester", exact: true }));

  await anaPage.keyboard.press("Escape");
  await anaPage.getByRole("toolbar", { name: "Call controls" }).getByRole("button", { name: "Share your screen" }).click();
  await benPage.keyboard.press("Escape");
  await benPage.getByRole("button", { name: "Open the call" }).click();
  await playing(benPage.getByRole("figure", { name: "Ana Tester's screen" }));
});
