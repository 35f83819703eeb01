import { App, LogLevel } from "@slack/bolt";
import { expect, type Page } from "@playwright/test";
import { messageByText, test, twoPeopleInAWorkspace } from "./helpers";

/** The port the Confab server may reach the test's Slack app on (OUTBOUND_UNSAFE_ALLOW in playwright.config.ts). */
const APP_PORT = 15799;

/**
 * An admin creates "Deploy Bot" in workspace settings with these extra scopes, and a Bolt app is made from what the
 * dialog shows once: unchanged but for the API's address.
 */
async function createAppInSettings(page: Page, generalUrl: string, scope: RegExp) {
  await page.goto(generalUrl.replace(/\/c\/.*$/, "/settings"));
  await page.getByRole("button", { name: "Create an app" }).click();
  const create = page.getByRole("dialog");
  await create.getByLabel("Name", { exact: true }).fill("Deploy Bot");
  await create.getByRole("checkbox", { name: scope }).check();
  await create.getByRole("button", { name: "Create app" }).click();
  const token = await create.getByRole("textbox", { name: "Bot token" }).inputValue();
  const signingSecret = await create.getByRole("textbox", { name: "Signing secret" }).inputValue();
  await create.getByRole("button", { name: "Done" }).click();
  const origin = new URL(generalUrl).origin;
  return new App({ token, signingSecret, clientOptions: { slackApiUrl: `${origin}/api/slack/` }, logLevel: LogLevel.ERROR });
}

test("an admin creates an app and an incoming webhook in settings; a post with blocks appears live for two people", async ({ browser }) => {
  const { anaPage, benPage, generalUrl } = await twoPeopleInAWorkspace(browser);
  await anaPage.goto(generalUrl.replace(/\/c\/.*$/, "/settings"));

  await anaPage.getByRole("button", { name: "Create an app" }).click();
  const create = anaPage.getByRole("dialog");
  await create.getByLabel("Name", { exact: true }).fill("Deploy Bot");
  await create.getByLabel("Description", { exact: true }).fill("Tells us what shipped");
  await create.getByRole("button", { name: "Create app" }).click();
  await expect(create.getByRole("heading", { name: "Deploy Bot is ready" })).toBeVisible();
  const botToken = await create.getByRole("textbox", { name: "Bot token" }).inputValue();
  expect(botToken).toMatch(/^xoxb-/);
  await create.getByRole("button", { name: "Done" }).click();

  const app = anaPage.getByRole("list", { name: "Installed apps" }).getByRole("listitem", { name: "Deploy Bot" });
  await expect(app).toContainText(`${botToken.slice(0, 9)}`);
  await app.getByRole("button", { name: "Add incoming webhook" }).click();
  const add = anaPage.getByRole("dialog");
  await add.getByLabel("Channel").selectOption({ label: "#general" });
  await add.getByRole("button", { name: "Add webhook" }).click();
  const url = await add.getByRole("textbox", { name: "Webhook URL" }).inputValue();
  expect(url).toMatch(/\/api\/hooks\/.+/);
  await add.getByRole("button", { name: "Done" }).click();
  await expect(app.getByRole("list", { name: "Incoming webhooks of Deploy Bot" })).toContainText("#general");
  await app.screenshot({ path: "test-results/integrations-app-settings.png" });

  await anaPage.goto(generalUrl);
  // CI posts, as it would to Slack: a header, a section with fields, a button, an attachment with a colour bar.
  const response = await anaPage.request.post(url, {
    data: {
      text: "Deploy finished",
      username: "Deploys",
      blocks: [
        { type: "header", text: { type: "plain_text", text: "api v42 is live" } },
        { type: "section", text: { type: "mrkdwn", text: "*3 services* updated <https://ci.example/42|see the run>" }, fields: [{ type: "mrkdwn", text: "*Env*\nproduction" }] },
        { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open dashboard" }, url: "https://ci.example/dash" }] },
      ],
      attachments: [{ color: "#36a64f", title: "Changelog", text: "Faster search" }],
    },
  });
  expect(await response.text()).toBe("ok");

  for (const page of [anaPage, benPage]) {
    const message = messageByText(page, "api v42 is live");
    // The text is the fallback for notifications; the blocks are what shows.
    await expect(message.getByText("Deploy finished")).toHaveCount(0);
    await expect(message).toBeVisible();
    await expect(message.getByText("Deploys", { exact: true })).toBeVisible();
    await expect(message.getByText("App", { exact: true })).toBeVisible();
    await expect(message.getByRole("heading", { name: "api v42 is live" })).toBeVisible();
    await expect(message.locator("strong", { hasText: "3 services" })).toBeVisible();
    await expect(message.getByRole("link", { name: "see the run" })).toHaveAttribute("href", "https://ci.example/42");
    await expect(message.getByRole("link", { name: "Open dashboard" })).toHaveAttribute("href", "https://ci.example/dash");
    await expect(message.getByText("Changelog")).toBeVisible();
  }
  await benPage.screenshot({ path: "test-results/integrations-webhook-message.png" });

  // The same bot through Slack's Web API with its token (it joined #general with the webhook): live for Ben too.
  const channel = `C${/\/c\/([0-9a-f-]{36})/.exec(generalUrl)![1]!.replaceAll("-", "").toUpperCase()}`;
  const posted = await anaPage.request.post(new URL("/api/slack/chat.postMessage", url).toString(), {
    headers: { authorization: `Bearer ${botToken}` },
    form: { channel, text: "Rollout *complete* :white_check_mark:" },
  });
  expect(await posted.json()).toMatchObject({ ok: true, channel });
  await expect(messageByText(benPage, "Rollout complete ✅").locator("strong", { hasText: "complete" })).toBeVisible();
});

test("clicking a button in an app's message reaches the app, which changes the message live for everyone", async ({ browser }) => {
  const { anaPage, benPage, generalUrl } = await twoPeopleInAWorkspace(browser);
  const bolt = await createAppInSettings(anaPage, generalUrl, /^channels:join/);
  bolt.action("approve", async ({ ack, respond, body }) => {
    await ack();
    await respond({ replace_original: true, text: `Approved by <@${body.user.id}> :white_check_mark:` });
  });
  await bolt.start(APP_PORT);
  try {
    const app = anaPage.getByRole("list", { name: "Installed apps" }).getByRole("listitem", { name: "Deploy Bot" });
    await app.getByRole("button", { name: "Edit" }).click();
    await anaPage.getByRole("dialog").getByLabel("Interactivity URL").fill(`http://127.0.0.1:${APP_PORT}/slack/events`);
    await anaPage.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await expect(anaPage.getByRole("dialog")).toHaveCount(0);

    const channel = `C${/\/c\/([0-9a-f-]{36})/.exec(generalUrl)![1]!.replaceAll("-", "").toUpperCase()}`;
    await bolt.client.conversations.join({ channel });
    await bolt.client.chat.postMessage({
      channel,
      text: "Release 7 is waiting",
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: "*Release 7* is waiting for approval" } },
        { type: "actions", elements: [{ type: "button", action_id: "approve", value: "7", style: "primary", text: { type: "plain_text", text: "Approve" } }] },
      ],
    });
    await anaPage.goto(generalUrl);
    const waiting = messageByText(benPage, "is waiting for approval");
    await waiting.getByRole("button", { name: "Approve" }).click();
    for (const page of [benPage, anaPage]) {
      await expect(messageByText(page, "Approved by")).toContainText("Approved by @Ben Tester ✅");
      await expect(messageByText(page, "is waiting for approval")).toHaveCount(0);
    }
  } finally {
    await bolt.stop();
  }
});

test("a slash command typed in the message box shows the app's answer only to the person who typed it", async ({ browser }) => {
  const { anaPage, benPage, generalUrl } = await twoPeopleInAWorkspace(browser);
  const bolt = await createAppInSettings(anaPage, generalUrl, /^commands/);
  bolt.command("/deploy", async ({ command, ack }) => {
    await ack({ response_type: "ephemeral", text: `Deploying *${command.text}* for <@${command.user_id}>` });
  });
  await bolt.start(APP_PORT);
  try {
    const app = anaPage.getByRole("list", { name: "Installed apps" }).getByRole("listitem", { name: "Deploy Bot" });
    await app.getByRole("button", { name: "Add slash command" }).click();
    const add = anaPage.getByRole("dialog");
    await add.getByLabel("Command").fill("/deploy");
    await add.getByLabel("Request URL").fill(`http://127.0.0.1:${APP_PORT}/slack/events`);
    await add.getByLabel("Short description").fill("Deploy a service");
    await add.getByLabel("Usage hint").fill("[service]");
    await add.getByRole("button", { name: "Add command" }).click();
    await expect(app.getByRole("list", { name: "Slash commands of Deploy Bot" })).toContainText("/deploy [service]");
    await app.screenshot({ path: "test-results/integrations-slash-command-settings.png" });
    await anaPage.goto(generalUrl);

    const box = benPage.getByRole("textbox", { name: "Message #general" });
    await box.fill("/dep");
    const offered = benPage.getByRole("listbox", { name: "Commands" });
    await expect(offered.getByRole("option")).toHaveText([/\/deploy\s*\[service\]\s*Deploy a service\s*Deploy Bot/]);
    await benPage.screenshot({ path: "test-results/integrations-command-suggestions.png" });
    await box.press("Enter");
    await expect(box).toHaveValue("/deploy ");
    await expect(benPage.getByText("[service] · Deploy a service · Deploy Bot")).toBeVisible();
    await box.pressSequentially("api");
    await box.press("Enter");

    const answers = benPage.getByRole("log", { name: "Only visible to you" });
    await expect(answers.getByRole("article")).toContainText(["Deploy Bot"]);
    await expect(answers.locator("strong", { hasText: "api" })).toBeVisible();
    await expect(answers).toContainText("Deploying api for @Ben Tester");
    await expect(answers).toContainText("Only visible to you");
    await expect(box).toHaveValue("");
    await benPage.screenshot({ path: "test-results/integrations-slash-command.png" });
    // Nothing in the channel, for anyone: Ana sees neither the command nor the answer.
    await expect(anaPage.getByRole("log", { name: "Only visible to you" })).toHaveCount(0);
    await expect(anaPage.getByText("Deploying")).toHaveCount(0);
    await expect(benPage.getByRole("log", { name: /^Messages in/ }).getByText("Deploying")).toHaveCount(0);

    await answers.getByRole("button", { name: "Dismiss Deploy Bot's message" }).click();
    await expect(answers).toHaveCount(0);
  } finally {
    await bolt.stop();
  }
});
