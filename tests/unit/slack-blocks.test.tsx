import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RichContent } from "@/features/messages/rich-content";
import { BLOCK_LIMITS, fallbackText, type LegacyAttachment, parseAttachments, parseBlocks, type RichBlock } from "@/shared/slack/blocks";

const ANA = "6f1c2a4e-0000-4000-8000-000000000001";
const users = new Map([["U0ANA", ANA]]);
const channels = new Map([["C0DEPLOYS", "deploys"]]);
const resolve = { user: (id: string) => users.get(id), channel: (id: string) => channels.get(id) };
const plain = (text: string) => ({ type: "plain_text", text, emoji: true });
const mrkdwn = (text: string) => ({ type: "mrkdwn", text });

function blocksOf(input: unknown): RichBlock[] {
  const result = parseBlocks(input, resolve);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}
function attachmentsOf(input: unknown): LegacyAttachment[] {
  const result = parseAttachments(input, resolve);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}
const errorOf = (input: unknown) => parseBlocks(input, resolve);
const html = (blocks: RichBlock[], attachments: LegacyAttachment[] = [], onAction?: () => void) =>
  renderToStaticMarkup(<RichContent blocks={blocks} attachments={attachments} nameOf={(id) => (id === ANA ? "Ana" : undefined)} onAction={onAction} />);

/** A message using every block type Confab shows, written the way Slack's Block Kit reference writes them. */
const approval = [
  { type: "header", block_id: "title", text: plain("New request :wave:") },
  {
    type: "section",
    block_id: "summary",
    text: mrkdwn("You have a new request from <@U0ANA>:\n*<https://example.com/requests/7|Fred Enriquez - New device request>*"),
    accessory: { type: "image", image_url: "https://api.slack.com/img/blocks/bkb_template_images/approvalsNewDevice.png", alt_text: "computer thumbnail" },
  },
  {
    type: "section",
    fields: [mrkdwn("*Type:*\nComputer (laptop)"), mrkdwn("*When:*\nSubmitted Aut 10"), mrkdwn("*Last Update:*\nMar 10, 2015 (3 years, 5 months)"), plain("*Reason:* All vowel keys aren't working.")],
  },
  {
    type: "section",
    text: mrkdwn("Pick a date for the deadline."),
    accessory: {
      type: "static_select",
      action_id: "deadline",
      placeholder: plain("Select an item"),
      option_groups: [
        { label: plain("Soon"), options: [{ text: plain("Today"), value: "today" }, { text: plain("Tomorrow"), value: "tomorrow" }] },
        { label: plain("Later"), options: [{ text: plain("Next week"), value: "week" }] },
      ],
    },
  },
  {
    type: "section",
    text: mrkdwn("More options"),
    accessory: {
      type: "overflow",
      action_id: "more",
      options: [
        { text: plain("Edit"), value: "edit" },
        { text: plain("Open in browser"), value: "open", url: "https://example.com/requests/7" },
      ],
    },
  },
  { type: "divider" },
  {
    type: "context",
    elements: [{ type: "image", image_url: "https://image.freepik.com/free-photo/red-drawing-pin_1156-445.jpg", alt_text: "pin" }, mrkdwn("Posted in <#C0DEPLOYS>"), plain("3 comments")],
  },
  { type: "image", image_url: "https://assets3.thrillist.com/v1/image/1682388/size/tl-horizontal_main.jpg", alt_text: "delicious tacos", title: plain("Tacos") },
  {
    type: "actions",
    block_id: "decision",
    elements: [
      { type: "button", action_id: "approve", text: plain("Approve"), style: "primary", value: "click_me_123" },
      { type: "button", action_id: "deny", text: plain("Deny"), style: "danger", value: "click_me_456", accessibility_label: "Deny the request" },
      { type: "button", action_id: "docs", text: plain("Read the policy"), url: "https://example.com/policy" },
      { type: "static_select", action_id: "owner", placeholder: plain("Assign an owner"), options: [{ text: plain("Ana"), value: "ana" }, { text: plain("Ben"), value: "ben" }], initial_option: { text: plain("Ben"), value: "ben" } },
      { type: "overflow", action_id: "overflow", options: [{ text: plain("Snooze"), value: "snooze" }] },
    ],
  },
  {
    type: "rich_text",
    elements: [
      {
        type: "rich_text_section",
        elements: [
          { type: "text", text: "Hello " },
          { type: "text", text: "there ", style: { bold: true } },
          { type: "text", text: "friend", style: { bold: true, italic: true } },
          { type: "text", text: ", ask " },
          { type: "user", user_id: "U0ANA" },
          { type: "text", text: " in " },
          { type: "channel", channel_id: "C0DEPLOYS" },
          { type: "text", text: " " },
          { type: "emoji", name: "thumbsup", unicode: "1f44d" },
          { type: "text", text: " " },
          { type: "link", url: "https://example.com/docs", text: "docs" },
          { type: "text", text: " or run " },
          { type: "text", text: "make deploy", style: { code: true } },
          { type: "text", text: " " },
          { type: "text", text: "old", style: { strike: true } },
        ],
      },
      { type: "rich_text_list", style: "bullet", elements: [{ type: "rich_text_section", elements: [{ type: "text", text: "first" }] }, { type: "rich_text_section", elements: [{ type: "text", text: "# second" }] }] },
      { type: "rich_text_list", style: "ordered", indent: 1, elements: [{ type: "rich_text_section", elements: [{ type: "text", text: "nested" }] }] },
      { type: "rich_text_quote", elements: [{ type: "text", text: "What we need is good examples" }, { type: "broadcast", range: "here" }] },
      { type: "rich_text_preformatted", elements: [{ type: "text", text: "const a = b < c;\n" }, { type: "link", url: "https://example.com" }] },
    ],
  },
];

/** The attachment from Slack's reference for secondary attachments, with blocks inside as newer apps send them. */
const legacy = [
  {
    mrkdwn_in: ["text"],
    color: "#36a64f",
    pretext: "Optional pre-text that appears above the attachment block",
    author_name: "author_name",
    author_link: "http://flickr.com/bobby/",
    author_icon: "https://placeimg.com/16/16/people",
    title: "title",
    title_link: "https://api.slack.com/",
    text: "Optional `text` that appears within the attachment",
    fields: [
      { title: "A field's title", value: "This field's value", short: false },
      { title: "A short field's title", value: "A short field's value", short: true },
      { title: "A second short field's title", value: "A second short field's value", short: true },
    ],
    thumb_url: "http://placekitten.com/g/200/200",
    footer: "footer",
    footer_icon: "https://platform.slack-edge.com/img/default_application_icon.png",
    ts: 123456789,
  },
  { color: "danger", fallback: "Build 42 failed: <https://ci.example.com/42|details>", blocks: [{ type: "section", text: mrkdwn("*Build 42* failed") }] },
];

describe("Block Kit blocks", () => {
  it("parses every block type Confab shows into its own model", () => {
    const blocks = blocksOf(approval);
    expect(blocks.map((block) => block.type)).toEqual(["header", "section", "section", "section", "section", "divider", "context", "image", "actions", "rich_text"]);
    expect(blocks[0]).toEqual({ type: "header", blockId: "title", text: "New request 👋" });
    expect(blocks[1]).toEqual({
      type: "section",
      blockId: "summary",
      text: `You have a new request from <@${ANA}>:\n**[Fred Enriquez - New device request](<https://example.com/requests/7>)**`,
      fields: [],
      accessory: { type: "image", imageUrl: "https://api.slack.com/img/blocks/bkb_template_images/approvalsNewDevice.png", altText: "computer thumbnail" },
    });
    expect(blocks[2]).toMatchObject({ fields: ["**Type:**\nComputer (laptop)", "**When:**\nSubmitted Aut 10", "**Last Update:**\nMar 10, 2015 (3 years, 5 months)", "\\*Reason:\\* All vowel keys aren't working."] });
    expect(blocks[3]).toMatchObject({
      accessory: {
        type: "static_select",
        actionId: "deadline",
        placeholder: "Select an item",
        options: [],
        groups: [
          { label: "Soon", options: [{ text: "Today", value: "today" }, { text: "Tomorrow", value: "tomorrow" }] },
          { label: "Later", options: [{ text: "Next week", value: "week" }] },
        ],
      },
    });
    expect(blocks[4]).toMatchObject({ accessory: { type: "overflow", options: [{ text: "Edit", value: "edit" }, { text: "Open in browser", value: "open", url: "https://example.com/requests/7" }] } });
    expect(blocks[6]).toMatchObject({ elements: [{ type: "image", altText: "pin" }, { type: "text", text: "Posted in #deploys" }, { type: "text", text: "3 comments" }] });
    expect(blocks[7]).toEqual({ type: "image", imageUrl: "https://assets3.thrillist.com/v1/image/1682388/size/tl-horizontal_main.jpg", altText: "delicious tacos", title: "Tacos" });
    expect(blocks[8]).toMatchObject({
      blockId: "decision",
      elements: [
        { type: "button", actionId: "approve", text: "Approve", style: "primary", value: "click_me_123" },
        { type: "button", actionId: "deny", style: "danger", accessibilityLabel: "Deny the request" },
        { type: "button", actionId: "docs", url: "https://example.com/policy" },
        { type: "static_select", actionId: "owner", initialValue: "ben", options: [{ text: "Ana", value: "ana" }, { text: "Ben", value: "ben" }] },
        { type: "overflow", actionId: "overflow" },
      ],
    });
  });

  it("turns rich text into Markdown: styles, mentions, emoji, links, lists, quotes and code", () => {
    const richText = blocksOf(approval).at(-1);
    expect(richText).toEqual({
      type: "rich_text",
      text: [
        `Hello **there *friend***, ask <@${ANA}> in #deploys 👍 [docs](<https://example.com/docs>) or run \`make deploy\` ~~old~~`,
        "",
        "- first",
        "- \\# second",
        "    1. nested",
        "",
        "> What we need is good examples@here",
        "",
        "```\nconst a = b < c;\nhttps://example.com\n```",
      ].join("\n"),
    });
    const out = html([richText!]);
    expect(out).toContain("Hello <strong>there <em>friend</em></strong>, ask <span");
    expect(out).toMatch(/<ul[^>]*>\s*<li>first<\/li>\s*<li># second\s*<ol[^>]*>\s*<li>nested<\/li>/);
    expect(out).toContain("<del>old</del>");
  });

  it("accepts blocks as the JSON text Slack's form-encoded methods send", () => {
    expect(blocksOf(JSON.stringify([{ type: "divider" }]))).toEqual([{ type: "divider" }]);
  });

  it("leaves out block and element types it does not show, as older Slack clients do", () => {
    const blocks = blocksOf([
      { type: "input", label: plain("Name"), element: { type: "plain_text_input" } },
      { type: "video", title: plain("x"), video_url: "https://example.com/v" },
      { type: "section", text: mrkdwn("Pick"), accessory: { type: "datepicker", action_id: "when" } },
      { type: "actions", elements: [{ type: "users_select" }, { type: "button", text: plain("OK") }] },
      { type: "actions", elements: [{ type: "checkboxes", options: [] }] },
      { type: "context", elements: [{ type: "future_element" }, plain("kept")] },
    ]);
    expect(blocks).toEqual([
      { type: "section", text: "Pick", fields: [], accessory: undefined },
      { type: "actions", elements: [expect.objectContaining({ type: "button", text: "OK" })] },
      { type: "context", elements: [{ type: "text", text: "kept" }] },
    ]);
  });

  it("refuses invalid known blocks with a message naming the problem", () => {
    const cases: Array<[unknown, string]> = [
      [{ blocks: [] }, "blocks: Invalid input: expected array, received object"],
      [[{ type: "header", text: plain("x".repeat(151)) }], "blocks[0].text.text: must be at most 150 characters"],
      [[{ type: "header", text: mrkdwn("*x*") }], "blocks[0].text.type: must be a plain_text text object"],
      [[{ type: "section", text: mrkdwn("x".repeat(3001)) }], "blocks[0].text.text: must be at most 3000 characters"],
      [[{ type: "section", text: mrkdwn("") }], "blocks[0].text.text: must not be empty"],
      [[{ type: "section" }], "blocks[0]: a section needs text or fields"],
      [[{ type: "section", fields: Array.from({ length: 11 }, () => plain("f")) }], "blocks[0].fields: must have at most 10 fields"],
      [[{ type: "divider", block_id: "b".repeat(256) }], "blocks[0].block_id: must be at most 255 characters"],
      [[{ type: "actions", elements: [{ type: "button", text: plain("Go"), action_id: "a".repeat(256) }] }], "blocks[0].elements[0].action_id: must be at most 255 characters"],
      [[{ type: "actions", elements: Array.from({ length: 26 }, () => ({ type: "button", text: plain("Go") })) }], "blocks[0].elements: must have at most 25 elements"],
      [[{ type: "actions", elements: [] }], "blocks[0].elements: must have at least 1 elements"],
      [[{ type: "actions", elements: [{ type: "button", text: plain("Go"), style: "blue" }] }], "blocks[0].elements[0].style: must be primary or danger"],
      [[{ type: "actions", elements: [{ type: "static_select", placeholder: plain("Pick") }] }], "blocks[0].elements[0]: a static_select needs options or option_groups"],
      [[{ type: "image", image_url: "https://example.com/a.png" }], "blocks[0].alt_text: Invalid input: expected string, received undefined"],
      [[{ type: "divider", block_id: "same" }, { type: "divider", block_id: "same" }], "blocks[1].block_id: block_id same is used by more than one block"],
      [["divider"], "blocks[0]: must be an object with a type"],
      [Array.from({ length: BLOCK_LIMITS.blocks + 1 }, () => ({ type: "divider" })), "blocks: must have at most 50 blocks"],
    ];
    for (const [input, message] of cases) expect(errorOf(input)).toEqual({ ok: false, error: "invalid_blocks", message });
  });

  it("drops URLs that are not http(s), and what cannot show without them", () => {
    const unsafe = ["javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "data:image/svg+xml,<svg onload=alert(1)>", "vbscript:msgbox(1)", "/relative.png", "//evil.example/x.png", "file:///etc/passwd"];
    for (const url of unsafe) {
      expect(
        blocksOf([
          { type: "image", image_url: url, alt_text: "x" },
          { type: "section", text: plain("x"), accessory: { type: "image", image_url: url, alt_text: "x" } },
          { type: "context", elements: [{ type: "image", image_url: url, alt_text: "x" }, plain("kept")] },
          { type: "actions", elements: [{ type: "button", text: plain("Go"), url }, { type: "overflow", options: [{ text: plain("Open"), value: "o", url }] }] },
        ]),
      ).toEqual([
        { type: "section", text: "x", fields: [], accessory: undefined },
        { type: "context", elements: [{ type: "text", text: "kept" }] },
        {
          type: "actions",
          elements: [
            { type: "button", text: "Go", actionId: undefined, value: undefined, url: undefined, style: undefined, accessibilityLabel: undefined },
            { type: "overflow", actionId: undefined, options: [{ text: "Open", value: "o", description: undefined, url: undefined }] },
          ],
        },
      ]);
    }
  });
});

describe("legacy attachments", () => {
  it("parses Slack's reference attachment, colours normalised", () => {
    const [first, second] = attachmentsOf(legacy);
    expect(first).toEqual({
      color: "#36a64f",
      pretext: "Optional pre-text that appears above the attachment block",
      author: { name: "author_name", link: "http://flickr.com/bobby/", icon: "https://placeimg.com/16/16/people" },
      title: { text: "title", link: "https://api.slack.com/" },
      text: "Optional `text` that appears within the attachment",
      fields: [
        { title: "A field's title", value: "This field's value", short: false },
        { title: "A short field's title", value: "A short field's value", short: true },
        { title: "A second short field's title", value: "A second short field's value", short: true },
      ],
      imageUrl: undefined,
      thumbUrl: "http://placekitten.com/g/200/200",
      footer: { text: "footer", icon: "https://platform.slack-edge.com/img/default_application_icon.png" },
      ts: 123456789,
      fallback: undefined,
      blocks: [],
    });
    expect(second).toMatchObject({ color: "danger", fallback: "Build 42 failed: [details](<https://ci.example.com/42>)", blocks: [{ type: "section", text: "**Build 42** failed" }] });
    expect(attachmentsOf([{ color: "ABC" }, { color: "purple" }, { color: "#12345g" }, { color: "good" }]).map((a) => a.color)).toEqual(["#aabbcc", undefined, undefined, "good"]);
  });

  it("drops unsafe links and icons but keeps the text", () => {
    const [attachment] = attachmentsOf([
      { author_name: "Mallory", author_link: "javascript:alert(1)", author_icon: "data:image/png;base64,AAAA", title: "Click", title_link: "javascript:alert(2)", image_url: "vbscript:x", thumb_url: "/x.png", footer: "f", footer_icon: "javascript:x" },
    ]);
    expect(attachment).toMatchObject({ author: { name: "Mallory", link: undefined, icon: undefined }, title: { text: "Click", link: undefined }, imageUrl: undefined, thumbUrl: undefined, footer: { text: "f", icon: undefined } });
  });

  it("refuses invalid attachments as Slack does", () => {
    expect(parseAttachments([{ fields: "x" }], resolve)).toEqual({ ok: false, error: "invalid_attachments", message: "attachments[0].fields: Invalid input: expected array, received string" });
    expect(parseAttachments([{ blocks: [{ type: "header", text: plain("") }] }], resolve)).toMatchObject({ message: "attachments[0].blocks[0].text.text: must not be empty" });
    expect(parseAttachments(Array.from({ length: 101 }, () => ({ text: "x" })), resolve)).toMatchObject({ message: "attachments: must have at most 100 attachments" });
  });
});

describe("fallbackText", () => {
  it("summarises blocks and attachments the way Slack does when a message has no text", () => {
    const blocks = blocksOf(approval.slice(0, 3));
    const attachments = attachmentsOf(legacy);
    expect(fallbackText(blocks, attachments).split("\n")).toEqual([
      "New request 👋",
      `You have a new request from <@${ANA}>:`,
      "**[Fred Enriquez - New device request](<https://example.com/requests/7>)**",
      "**Type:**",
      "Computer (laptop)",
      "**When:**",
      "Submitted Aut 10",
      "**Last Update:**",
      "Mar 10, 2015 (3 years, 5 months)",
      "\\*Reason:\\* All vowel keys aren't working.",
      "Optional pre-text that appears above the attachment block",
      "title",
      "Optional `text` that appears within the attachment",
      "A field's title: This field's value",
      "A short field's title: A short field's value",
      "A second short field's title: A second short field's value",
      "Build 42 failed: [details](<https://ci.example.com/42>)",
    ]);
    expect(fallbackText([], [])).toBe("");
  });
});

describe("rendering", () => {
  const out = html(blocksOf(approval), attachmentsOf(legacy), () => {});

  it("draws blocks with real controls that have names", () => {
    expect(out).toContain('<h3 class="text-base font-bold leading-snug">New request 👋</h3>');
    expect(out).toMatch(/<button[^>]*>Approve<\/button>/);
    expect(out).toMatch(/<button[^>]*class="[^"]*bg-accent[^"]*"[^>]*>Approve/);
    expect(out).toMatch(/<button[^>]*class="[^"]*bg-danger[^"]*"[^>]*aria-label="Deny the request">Deny<\/button>/);
    expect(out).toContain('<a href="https://example.com/policy" target="_blank" rel="noopener noreferrer"');
    expect(out).toMatch(/<select aria-label="Assign an owner"[^>]*><option value="" disabled="">Assign an owner<\/option><option value="ana">Ana<\/option><option value="ben" selected="">Ben<\/option><\/select>/);
    expect(out).toMatch(/<select aria-label="Select an item"[^>]*>.*<optgroup label="Soon"><option value="today">Today<\/option>/);
    expect(out.match(/<button[^>]*aria-label="More actions"/g)).toHaveLength(2);
    expect(out).toContain("<hr");
    expect(out).toContain(">@Ana</span>");
  });

  it("draws images with alt text, lazily, sending no referrer", () => {
    const images = out.match(/<img[^>]*>/g)!;
    expect(images.length).toBeGreaterThanOrEqual(6);
    for (const image of images) expect(image).toMatch(/^<img src="https?:\/\/[^"]+" alt="[^"]*" loading="lazy" decoding="async" referrerPolicy="no-referrer"/);
    expect(out).toContain('alt="delicious tacos"');
    expect(out).toContain('<figcaption class="text-xs text-muted">Tacos</figcaption>');
  });

  it("draws attachments with their colour bar, author, title link, fields and footer", () => {
    expect(out).toContain('style="border-color:#36a64f"');
    expect(out).toContain("border-danger");
    expect(out).toContain('<a href="https://api.slack.com/" target="_blank" rel="noopener noreferrer nofollow" class="font-bold text-accent hover:underline">title</a>');
    expect(out).toContain('<dt class="text-xs font-bold">A short field&#x27;s title</dt>');
    expect(out).toMatch(/<div class="col-span-2"><dt[^>]*>A field&#x27;s title/);
    expect(out).toContain(`<time dateTime="${new Date(123456789 * 1000).toISOString()}"`);
  });

  it("disables controls when there is no one to tell", () => {
    expect(html(blocksOf([approval[8]]))).toMatch(/<button[^>]*disabled=""[^>]*>Approve/);
    expect(html(blocksOf([approval[8]]))).toMatch(/<select[^>]*disabled=""/);
  });

  it("never lets an app's content become markup, script or a javascript: link", () => {
    const hostileBlocks = blocksOf([
      { type: "header", text: plain("<script>alert(1)</script>") },
      { type: "section", text: mrkdwn("<javascript:alert(1)|click me> &lt;img src=x onerror=alert(2)&gt; <https://a.example|<b>>"), fields: [plain("<img src=x onerror=alert(3)>")] },
      { type: "image", image_url: "javascript:alert(4)", alt_text: "x" },
      { type: "context", elements: [{ type: "image", image_url: "https://x.example/a.png", alt_text: '"><script>alert(5)</script>' }] },
      { type: "actions", elements: [{ type: "button", text: plain("<b>Go</b>"), url: "javascript:alert(6)", value: '"><script>' }] },
      { type: "rich_text", elements: [{ type: "rich_text_section", elements: [{ type: "link", url: "javascript:alert(7)", text: "docs" }, { type: "text", text: "<iframe src=x>" }] }] },
    ]);
    const hostileAttachments = attachmentsOf([
      { color: "red;background:url(javascript:alert(8))", title: "<script>t</script>", title_link: "javascript:alert(9)", text: "<javascript:alert(10)|x>", author_name: "a", author_icon: "javascript:alert(11)" },
    ]);
    const rendered = html(hostileBlocks, hostileAttachments, () => {});
    expect(rendered).not.toMatch(/<script/i);
    expect(rendered).not.toMatch(/<(img|iframe|b)\b[^>]*(onerror|src=x)/i);
    expect(rendered).not.toMatch(/<[^>]+\son\w+=/i);
    expect(rendered).not.toContain("javascript:");
    expect(rendered).not.toMatch(/<iframe|<b>/i);
    expect(rendered).not.toContain("style=");
    expect(rendered).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(rendered).toMatch(/<button[^>]*>&lt;b&gt;Go&lt;\/b&gt;<\/button>/);
  });

  it("checks a stored colour again before it reaches the style attribute", () => {
    const stored = { color: "red;background:url(x)", fields: [], blocks: [] } as unknown as LegacyAttachment;
    const rendered = html([], [stored]);
    expect(rendered).not.toContain("style=");
    expect(rendered).toContain("border-border");
  });
});
