import { expect } from "@playwright/test";
import { messageAction, messageByText, messageLog, send, twoPeopleInAWorkspace, test } from "./helpers";

test("messages, threads, reactions, edits and deletions reach the other person live", async ({ browser }) => {
  const { anaPage, benPage } = await twoPeopleInAWorkspace(browser);

  await send(anaPage, "Hello **Ben**, welcome aboard");
  await expect(messageByText(benPage, "welcome aboard")).toBeVisible();
  await expect(messageByText(benPage, "welcome aboard").locator("strong")).toHaveText("Ben");
  await send(benPage, "Thanks Ana!");
  await expect(messageByText(anaPage, "Thanks Ana!")).toBeVisible();

  // Thread reply with counts.
  const root = messageByText(benPage, "welcome aboard");
  await messageAction(root, "Reply in thread");
  const thread = benPage.getByRole("complementary", { name: "Thread" });
  await thread.getByRole("textbox", { name: "Reply…" }).fill("Replying in a thread");
  await thread.getByRole("textbox", { name: "Reply…" }).press("Enter");
  await expect(thread.getByRole("log", { name: "Replies" }).getByText("Replying in a thread")).toBeVisible();
  await expect(messageByText(anaPage, "welcome aboard").getByRole("button", { name: /1 reply/ })).toBeVisible();
  await messageByText(anaPage, "welcome aboard").getByRole("button", { name: /1 reply/ }).click();
  await expect(anaPage.getByRole("complementary", { name: "Thread" }).getByText("Replying in a thread")).toBeVisible();
  await anaPage.getByRole("button", { name: "Close thread" }).click();

  // Reaction.
  const benMessage = messageByText(anaPage, "Thanks Ana!");
  await messageAction(benMessage, "Add reaction");
  // The full set is searchable by keyword: "tada" finds the party popper.
  const search = anaPage.getByRole("textbox", { name: "Search emoji, or type one" });
  await search.fill("tada");
  await expect(anaPage.getByRole("listbox", { name: "Results" }).getByRole("option").first()).toHaveAccessibleName("party popper");
  await search.press("Enter");
  await expect(messageByText(benPage, "Thanks Ana!").getByRole("button", { name: "🎉 1, reacted by Ana Tester", exact: true })).toBeVisible();
  // From the keyboard: Ctrl+Shift+\ opens the picker on the newest message.
  await anaPage.mouse.move(0, 0);
  await anaPage.keyboard.press("Control+Shift+Backslash");
  await anaPage.getByRole("textbox", { name: "Search emoji, or type one" }).fill("eyes");
  await anaPage.keyboard.press("Enter");
  await expect(messageByText(benPage, "Thanks Ana!").getByRole("button", { name: "👀 1, reacted by Ana Tester", exact: true })).toBeVisible();

  // Edit and delete, seen live.
  await send(anaPage, "Typo hree");
  await expect(messageByText(benPage, "Typo hree")).toBeVisible();
  await anaPage.getByRole("textbox", { name: /^Message / }).press("ArrowUp");
  const editor = anaPage.getByRole("textbox", { name: "Edit message" });
  await editor.fill("Typo fixed here");
  await editor.press("Enter");
  await expect(messageByText(benPage, "Typo fixed here")).toContainText("(edited)");
  const doomed = messageByText(anaPage, "Typo fixed here");
  await messageAction(doomed, "Delete message");
  await expect(messageLog(benPage).getByText("This message was deleted.")).toBeVisible();
  await expect(messageLog(benPage).getByText("Typo fixed here")).toHaveCount(0);
  // Ben joined after Ana's page loaded: his name reached her live, on his message (not "Unknown").
  await expect(messageByText(anaPage, "Thanks Ana!")).toHaveAccessibleName(/^Ben Tester, /);
});

test("unread and mention badges, the quick switcher, and private channels", async ({ browser }) => {
  const { anaPage, benPage, ben } = await twoPeopleInAWorkspace(browser);

  // Ana makes #random; Ben finds it through Browse channels and joins, then goes back to #general.
  await anaPage.getByRole("button", { name: "Create a channel" }).click();
  await anaPage.getByRole("dialog").getByLabel("Name").fill("Random");
  await anaPage.getByRole("dialog").getByRole("button", { name: "Create" }).click();
  await expect(anaPage.getByRole("heading", { level: 1, name: "random" })).toBeVisible();
  await benPage.getByRole("button", { name: "Browse channels" }).click();
  await benPage.getByRole("dialog").getByRole("button", { name: /random/ }).click();
  await benPage.getByRole("button", { name: "Join channel" }).click();
  await expect(benPage.getByRole("textbox", { name: "Message #random" })).toBeVisible();

  // Ana sets the topic; Ben's header follows without a reload.
  await anaPage.getByRole("button", { name: "Channel options for random" }).click();
  await anaPage.getByRole("menuitem", { name: "Edit channel details" }).click();
  await anaPage.getByRole("dialog").getByLabel("Topic").fill("Watercooler chat");
  await anaPage.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await expect(benPage.getByRole("main").getByText("Watercooler chat")).toBeVisible();
  await benPage.getByRole("navigation", { name: "Channels and conversations" }).getByRole("link", { name: /channel general/ }).click();
  await expect(benPage.getByRole("heading", { level: 1, name: "general" })).toBeVisible();

  // A mention picked from the autocomplete makes #random bold with a badge for Ben.
  const box = anaPage.getByRole("textbox", { name: "Message #random" });
  await box.fill("Ping @Be");
  await anaPage.getByRole("option", { name: ben.name }).click();
  await box.press("Enter");
  await expect(messageByText(anaPage, `Ping @${ben.name}`)).toBeVisible();
  const benSidebar = benPage.getByRole("navigation", { name: "Channels and conversations" });
  await expect(benSidebar.getByRole("link", { name: "channel random, 1 mentions" })).toBeVisible();
  await expect(benPage).toHaveTitle(/^\(1\) /);

  // Quick switcher.
  await benPage.keyboard.press("Control+k");
  await benPage.getByPlaceholder("Jump to a channel or person…").fill("random");
  await benPage.keyboard.press("Enter");
  await expect(benPage.getByRole("heading", { level: 1, name: "random" })).toBeVisible();
  await expect(messageByText(benPage, "Ping")).toContainText(`@${ben.name}`);
  await expect(benSidebar.getByRole("link", { name: "channel random" })).toBeVisible();
  await expect(benPage).not.toHaveTitle(/^\(\d+\) /);
  // Alt+↑ walks the sidebar: from #random up to #general.
  await benPage.keyboard.press("Alt+ArrowUp");
  await expect(benPage.getByRole("heading", { level: 1, name: "general" })).toBeVisible();

  // A private channel does not exist for Ben: not in browse, and its URL is a 404.
  await anaPage.getByRole("button", { name: "Create a channel" }).click();
  await anaPage.getByRole("dialog").getByLabel("Name").fill("secret-plans");
  await anaPage.getByRole("dialog").getByText("Private", { exact: true }).click();
  await anaPage.getByRole("dialog").getByRole("button", { name: "Create" }).click();
  await expect(anaPage.getByRole("heading", { level: 1, name: "secret-plans" })).toBeVisible();
  const secretUrl = anaPage.url();
  await benPage.getByRole("button", { name: "Browse channels" }).click();
  await expect(benPage.getByRole("dialog").getByRole("button", { name: /random/ })).toBeVisible();
  await expect(benPage.getByRole("dialog").getByText("secret-plans")).toHaveCount(0);
  await benPage.keyboard.press("Escape");
  await benPage.goto(secretUrl);
  await expect(benPage.getByRole("heading", { name: "Nothing here" })).toBeVisible();
});

test("the quick switcher offers public channels one has not joined, and nothing private", async ({ browser }) => {
  const { anaPage, benPage } = await twoPeopleInAWorkspace(browser);
  for (const [name, kind] of [["design-reviews", "Public"], ["design-secrets", "Private"]] as const) {
    await anaPage.getByRole("button", { name: "Create a channel" }).click();
    await anaPage.getByRole("dialog").getByLabel("Name").fill(name);
    await anaPage.getByRole("dialog").getByText(kind, { exact: true }).click();
    await anaPage.getByRole("dialog").getByRole("button", { name: "Create" }).click();
    await expect(anaPage.getByRole("heading", { level: 1, name })).toBeVisible();
  }
  await send(anaPage, "Secret plans inside");
  await anaPage.getByRole("navigation", { name: "Channels and conversations" }).getByRole("link", { name: "channel design-reviews" }).click();
  await expect(anaPage.getByRole("heading", { level: 1, name: "design-reviews" })).toBeVisible();

  // Ben never joined either channel: the switcher offers the public one, marked, and does not know the private one.
  await benPage.keyboard.press("Control+k");
  await benPage.getByPlaceholder("Jump to a channel or person…").fill("design");
  const options = benPage.getByRole("dialog", { name: "Quick switcher" }).getByRole("option");
  await expect(options).toHaveCount(1);
  await expect(options.first()).toHaveAccessibleName(/^design-reviews\s*Not joined$/);
  await benPage.keyboard.press("Enter");
  await expect(benPage.getByRole("heading", { level: 1, name: "design-reviews" })).toBeVisible();
  await benPage.getByRole("button", { name: "Join channel" }).click();
  await send(benPage, "Joined from the switcher");
  await expect(messageByText(anaPage, "Joined from the switcher")).toBeVisible();

  // Joined now: offered as his own channel, without the mark.
  await benPage.keyboard.press("Control+k");
  await benPage.getByPlaceholder("Jump to a channel or person…").fill("design");
  await expect(options).toHaveCount(1);
  await expect(options.first()).toHaveAccessibleName("design-reviews");
});

test("unread activity shows in the tab title of every tab, a count for mentions and DMs, and reading clears it", async ({ browser }) => {
  const { anaPage, benPage, ben } = await twoPeopleInAWorkspace(browser);
  const generalTitle = /^#general · Team \d+ · Confab$/;
  await expect(benPage).toHaveTitle(generalTitle);
  // Ben looks at his saved items in one tab and his threads in another.
  await benPage.getByRole("link", { name: "Saved" }).click();
  await expect(benPage).toHaveTitle("Saved · Confab");
  const benSecondTab = await benPage.context().newPage();
  await benSecondTab.goto(benPage.url().replace(/\/saved$/, "/threads"));
  await expect(benSecondTab).toHaveTitle("Threads · Confab");

  // A plain message in #general: a mark, no count, in both tabs.
  await send(anaPage, "Lunch at noon, anyone?");
  await expect(benPage).toHaveTitle("* Saved · Confab");
  await expect(benSecondTab).toHaveTitle("* Threads · Confab");

  // A mention counts.
  const box = anaPage.getByRole("textbox", { name: "Message #general" });
  await box.fill("Ping @Be");
  await anaPage.getByRole("option", { name: ben.name }).click();
  await box.press("Enter");
  await expect(benPage).toHaveTitle("(1) Saved · Confab");
  await expect(benSecondTab).toHaveTitle("(1) Threads · Confab");

  // Reading #general in one tab clears both.
  await benPage.getByRole("navigation", { name: "Channels and conversations" }).getByRole("link", { name: /channel general/ }).click();
  await expect(messageByText(benPage, "Lunch at noon")).toBeVisible();
  await expect(benPage).toHaveTitle(generalTitle);
  await expect(benSecondTab).toHaveTitle("Threads · Confab");
});

test("hostile markup in a message renders as inert text", async ({ browser }) => {
  const { anaPage, benPage } = await twoPeopleInAWorkspace(browser);
  const dialogs: string[] = [];
  for (const page of [anaPage, benPage]) page.on("dialog", (dialog) => void (dialogs.push(dialog.message()), dialog.dismiss()));
  await send(anaPage, "<img src=x onerror=alert(1)> and <script>alert(2)</script>");
  await send(anaPage, "[click me](javascript:alert(3)) <a href=\"javascript:alert(4)\">raw link</a>");
  const first = messageByText(benPage, "onerror");
  await expect(first).toContainText("<img src=x onerror=alert(1)>");
  await expect(first).toContainText("<script>alert(2)</script>");
  await expect(first.locator("img, script")).toHaveCount(0);
  const second = messageByText(benPage, "click me");
  await expect(second.locator("a[href^='javascript']")).toHaveCount(0);
  await second.getByText("click me").click();
  await benPage.waitForTimeout(300);
  expect(dialogs).toEqual([]);
});

test("pins, saved messages, the Threads view and permalinks", async ({ browser }) => {
  const { anaPage, benPage } = await twoPeopleInAWorkspace(browser);
  await send(anaPage, "Release checklist lives here");
  const pinned = messageByText(anaPage, "Release checklist");
  await pinned.hover();
  await pinned.getByRole("button", { name: "Pin to channel" }).click();
  await expect(messageByText(benPage, "Release checklist")).toContainText("Pinned");
  await expect(benPage.getByRole("button", { name: "Pinned messages: 1" })).toBeVisible();

  // Ben saves it, then finds it under Saved and jumps back to it.
  const benCopy = messageByText(benPage, "Release checklist");
  await benCopy.hover();
  await benCopy.getByRole("button", { name: "Save for later" }).click();
  await benPage.getByRole("link", { name: "Saved" }).click();
  await expect(benPage.getByRole("list", { name: "Saved messages" }).getByText("Release checklist lives here")).toBeVisible();
  await benPage.getByRole("link", { name: "View in conversation" }).click();
  await expect(benPage).toHaveURL(/\?message=/);
  await expect(messageByText(benPage, "Release checklist")).toHaveClass(/bg-accent-soft/);

  // Ana replies in a thread under Ben's message; Ben follows it and sees it as unread in Threads.
  await send(benPage, "Who owns the changelog?");
  const question = messageByText(anaPage, "Who owns the changelog?");
  await question.hover();
  await question.getByRole("button", { name: "Reply in thread" }).click();
  const thread = anaPage.getByRole("complementary", { name: "Thread" });
  await thread.getByRole("textbox", { name: "Reply…" }).fill("I do");
  await thread.getByRole("textbox", { name: "Reply…" }).press("Enter");
  await expect(benPage.getByRole("link", { name: /Threads/ })).toContainText("1");
  await benPage.getByRole("link", { name: /Threads/ }).click();
  const followed = benPage.getByRole("list", { name: "Followed threads" });
  await expect(followed.getByText("Who owns the changelog?")).toBeVisible();
  await expect(followed.getByText("1 new")).toBeVisible();
  await followed.getByRole("link", { name: "Open thread" }).click();
  await expect(benPage.getByRole("complementary", { name: "Thread" }).getByText("I do")).toBeVisible();
  await expect(benPage.getByRole("link", { name: /Threads/ })).not.toContainText("1");
});

test("a permalink to an old message opens the history around it, with a way back to the present", async ({ browser }) => {
  const { anaPage, benPage } = await twoPeopleInAWorkspace(browser);
  await send(anaPage, "The decision we made long ago");
  const decision = messageByText(benPage, "The decision we made long ago");
  await decision.hover();
  await decision.getByRole("button", { name: "Save for later" }).click();
  await expect(decision.getByRole("button", { name: "Remove from saved" })).toBeVisible();

  // Far more than one page of messages afterwards, sent through the same API the composer uses.
  const channelId = new URL(anaPage.url()).pathname.split("/").at(-1)!;
  for (let n = 1; n <= 120; n++) {
    const response = await anaPage.request.post("/api/trpc/messages.send", {
      data: { json: { channelId, body: `Later message ${n}`, clientNonce: crypto.randomUUID() } },
    });
    expect(response.ok()).toBe(true);
  }
  await expect(messageByText(benPage, "Later message 120")).toBeVisible();

  // A fresh load holds only the newest page, so the saved message is not loaded when Ben follows its link.
  await benPage.reload();
  await benPage.getByRole("link", { name: "Saved" }).click();
  await benPage.getByRole("link", { name: "View in conversation" }).click();
  await expect(messageByText(benPage, "The decision we made long ago")).toHaveClass(/bg-accent-soft/);
  await expect(messageByText(benPage, "Later message 120")).toHaveCount(0);

  // New messages keep arriving while Ben reads the past; the way back shows them.
  await send(anaPage, "Fresh news");
  await benPage.getByRole("button", { name: "Jump to recent messages" }).click();
  await expect(messageByText(benPage, "Fresh news")).toBeVisible();
  await expect(benPage.getByRole("button", { name: "Jump to recent messages" })).toHaveCount(0);
});
