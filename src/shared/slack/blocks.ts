import { z } from "zod";
import type { AttachmentColor } from "./attachment-color";
import { MESSAGE_MAX_LENGTH } from "../messages";
import { emojiForName, replaceShortcodes } from "./emoji";
import { codeBlock, codeSpan, escapeMarkdown, markdownLink, mrkdwnToMarkdown, type MrkdwnResolver } from "./mrkdwn";
import { httpUrl, linkUrl } from "./safe-url";

/** Slack's own limits, so what Slack refuses is refused here too, with the same kind of message. */
export const BLOCK_LIMITS = {
  blocks: 50,
  text: 3000,
  fieldText: 2000,
  fields: 10,
  header: 150,
  id: 255,
  actionElements: 25,
  contextElements: 10,
  /** Button text, option text and description, option group label, accessibility label. */
  label: 75,
  placeholder: 150,
  buttonValue: 2000,
  optionValue: 150,
  options: 100,
  overflowOptions: 5,
  url: 3000,
  altText: 2000,
  attachments: 100,
  /** Slack documents none for these two; they bound the work one payload can ask for. */
  attachmentFields: 50,
  richTextElements: 2000,
} as const;

/** Confab Markdown, as in message bodies: rendered by MessageMarkdown. Text typed plain `string` renders as it is. */
export type Markdown = string;

export interface SelectOption {
  text: string;
  value: string;
  description?: string;
}

export interface ButtonElement {
  type: "button";
  actionId?: string;
  text: string;
  value?: string;
  /** http(s) only: a button with any other URL is an ordinary button. */
  url?: string;
  style?: "primary" | "danger";
  accessibilityLabel?: string;
}

export interface StaticSelectElement {
  type: "static_select";
  actionId?: string;
  placeholder?: string;
  options: SelectOption[];
  groups: Array<{ label: string; options: SelectOption[] }>;
  initialValue?: string;
}

export interface OverflowElement {
  type: "overflow";
  actionId?: string;
  options: Array<SelectOption & { url?: string }>;
}

export interface ImageElement {
  type: "image";
  imageUrl: string;
  altText: string;
}

export type ActionElement = ButtonElement | StaticSelectElement | OverflowElement;
export type ContextElement = ImageElement | { type: "text"; text: Markdown };

/** Confab's model of the Block Kit blocks it shows; rich_text arrives as Markdown. */
export type RichBlock =
  | { type: "section"; blockId?: string; text?: Markdown; fields: Markdown[]; accessory?: ActionElement | ImageElement }
  | { type: "context"; blockId?: string; elements: ContextElement[] }
  | { type: "divider"; blockId?: string }
  | { type: "header"; blockId?: string; text: string }
  | { type: "image"; blockId?: string; imageUrl: string; altText: string; title?: string }
  | { type: "actions"; blockId?: string; elements: ActionElement[] }
  | { type: "rich_text"; blockId?: string; text: Markdown };

export interface LegacyAttachment {
  color?: AttachmentColor;
  pretext?: Markdown;
  author?: { name: string; link?: string; icon?: string };
  title?: { text: string; link?: string };
  text?: Markdown;
  fields: Array<{ title?: string; value: Markdown; short: boolean }>;
  imageUrl?: string;
  thumbUrl?: string;
  footer?: { text: Markdown; icon?: string };
  /** Seconds since the epoch, as Slack sends it. */
  ts?: number;
  fallback?: Markdown;
  blocks: RichBlock[];
}

/** What a person did with an interactive element, for the app that sent it. */
export interface BlockAction {
  type: ActionElement["type"];
  blockId?: string;
  actionId?: string;
  value?: string;
}

type Schemas = Record<string, z.ZodType>;
type Known<S extends Schemas> = NonNullable<z.output<S[keyof S]>>;

/**
 * One element whose `type` picks its schema. Types not in `schemas` (newer Slack features, inputs a message cannot
 * hold) are left out as Slack's older clients leave them out; a known type that is invalid is an error.
 */
function parseKnown<S extends Schemas>(schemas: S, item: unknown, ctx: z.RefinementCtx, path: PropertyKey[]): Known<S> | undefined {
  const type = typeof item === "object" && item !== null ? (item as { type?: unknown }).type : undefined;
  if (typeof type !== "string") {
    ctx.addIssue({ code: "custom", message: "must be an object with a type", path });
    return undefined;
  }
  if (!Object.hasOwn(schemas, type)) return undefined;
  const result = schemas[type]!.safeParse(item);
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: [...path, ...issue.path] });
    return undefined;
  }
  return (result.data ?? undefined) as Known<S> | undefined;
}

const known = <S extends Schemas>(schemas: S) =>
  z
    .unknown()
    .transform((item, ctx) => parseKnown(schemas, item, ctx, []))
    .optional();

const knownList = <S extends Schemas>(schemas: S, { min = 0, max, what }: { min?: number; max: number; what: string }) =>
  z
    .array(z.unknown())
    .min(min, `must have at least ${min} ${what}`)
    .max(max, `must have at most ${max} ${what}`)
    .transform((items, ctx) => items.flatMap((item, index) => parseKnown(schemas, item, ctx, [index]) ?? []));

const string = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const text = (max: number) => string(max).min(1, "must not be empty");
const identifier = string(BLOCK_LIMITS.id).optional();
/** An unsafe URL drops the field it is in, not the payload. */
const url = string(BLOCK_LIMITS.url).optional().transform(httpUrl);

const plainText = (max: number) =>
  z
    .object({ type: z.literal("plain_text", { error: "must be a plain_text text object" }), text: text(max), emoji: z.boolean().optional() })
    .transform((object) => (object.emoji === false ? object.text : replaceShortcodes(object.text)));

const option = z
  .object({ text: plainText(BLOCK_LIMITS.label), value: text(BLOCK_LIMITS.optionValue), description: plainText(BLOCK_LIMITS.label).optional(), url })
  .transform((object) => ({ text: object.text, value: object.value, description: object.description, url: object.url }));
const selectOption = option.transform(({ url: _url, ...rest }): SelectOption => rest);

const button = z
  .object({
    type: z.literal("button"),
    action_id: identifier,
    text: plainText(BLOCK_LIMITS.label),
    value: string(BLOCK_LIMITS.buttonValue).optional(),
    url,
    style: z.enum(["primary", "danger"], { error: "must be primary or danger" }).optional(),
    accessibility_label: string(BLOCK_LIMITS.label).optional(),
  })
  .transform(
    (object): ButtonElement => ({
      type: "button",
      actionId: object.action_id,
      text: object.text,
      value: object.value,
      url: object.url,
      style: object.style,
      accessibilityLabel: object.accessibility_label,
    }),
  );

const staticSelect = z
  .object({
    type: z.literal("static_select"),
    action_id: identifier,
    placeholder: plainText(BLOCK_LIMITS.placeholder).optional(),
    options: z.array(selectOption).max(BLOCK_LIMITS.options, `must have at most ${BLOCK_LIMITS.options} options`).optional(),
    option_groups: z
      .array(z.object({ label: plainText(BLOCK_LIMITS.label), options: z.array(selectOption).max(BLOCK_LIMITS.options, `must have at most ${BLOCK_LIMITS.options} options`) }))
      .max(BLOCK_LIMITS.options, `must have at most ${BLOCK_LIMITS.options} option groups`)
      .optional(),
    initial_option: selectOption.optional(),
  })
  .refine((object) => (object.options?.length ?? 0) + (object.option_groups?.length ?? 0) > 0, "a static_select needs options or option_groups")
  .transform(
    (object): StaticSelectElement => ({
      type: "static_select",
      actionId: object.action_id,
      placeholder: object.placeholder,
      options: object.options ?? [],
      groups: object.option_groups ?? [],
      initialValue: object.initial_option?.value,
    }),
  );

const overflow = z
  .object({
    type: z.literal("overflow"),
    action_id: identifier,
    options: z.array(option).min(1, "must have at least 1 option").max(BLOCK_LIMITS.overflowOptions, `must have at most ${BLOCK_LIMITS.overflowOptions} options`),
  })
  .transform((object): OverflowElement => ({ type: "overflow", actionId: object.action_id, options: object.options }));

/** Slack's image element; one without a safe http(s) URL (a slack_file among them) is left out. */
const imageElement = z
  .object({ type: z.literal("image"), image_url: string(BLOCK_LIMITS.url).optional(), slack_file: z.unknown().optional(), alt_text: text(BLOCK_LIMITS.altText) })
  .transform((object): ImageElement | undefined => {
    const imageUrl = httpUrl(object.image_url);
    return imageUrl ? { type: "image", imageUrl, altText: object.alt_text } : undefined;
  });

interface Style {
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  code?: boolean;
}
/** A run of rich text: `text` still raw (so neighbours can merge), or `markdown` already converted. */
type Piece = { style: Style; text: string } | { style: Style; markdown: Markdown };

const MARKS = [
  ["bold", "**"],
  ["strike", "~~"],
  ["italic", "*"],
] as const;
const sameStyle = (a: Style, b: Style) => (["bold", "italic", "strike", "code"] as const).every((key) => Boolean(a[key]) === Boolean(b[key]));

/**
 * Runs as Markdown with the fewest marks: a mark stays open across runs that share it, and spaces at a run's edges
 * go outside its marks (Markdown does not read `** x**` as bold).
 */
function styledMarkdown(pieces: Piece[]): Markdown {
  const merged: Piece[] = [];
  for (const piece of pieces) {
    const last = merged.at(-1);
    if (last && "text" in last && "text" in piece && sameStyle(last.style, piece.style)) merged[merged.length - 1] = { ...last, text: last.text + piece.text };
    else merged.push(piece);
  }
  let out = "";
  let pending = "";
  let open: string[] = [];
  for (const piece of merged) {
    const [, lead = "", core = "", trail = ""] = "text" in piece ? /^(\s*)([\s\S]*?)(\s*)$/.exec(piece.text)! : [];
    const markdown = "markdown" in piece ? piece.markdown : piece.style.code ? codeSpan(core) : escapeMarkdown(core);
    if (!markdown) {
      pending += lead;
      continue;
    }
    const wanted: string[] = MARKS.filter(([key]) => piece.style[key]).map(([, mark]) => mark);
    let kept = 0;
    while (kept < open.length && wanted.includes(open[kept]!)) kept++;
    out += open.slice(kept).reverse().join("") + pending + lead;
    open = open.slice(0, kept);
    for (const mark of wanted.filter((mark) => !open.includes(mark))) {
      out += mark;
      open.push(mark);
    }
    out += markdown;
    pending = trail;
  }
  return out + open.reverse().join("") + pending;
}

const styleSchema = z
  .object({ bold: z.boolean().optional(), italic: z.boolean().optional(), strike: z.boolean().optional(), code: z.boolean().optional(), underline: z.boolean().optional() })
  .optional()
  .transform((style): Style => ({ bold: style?.bold, italic: style?.italic, strike: style?.strike, code: style?.code }));

/** Slack sends an emoji's code points as hex, "1f44b-1f3fc". */
function fromCodePoints(hex: string | undefined): string | undefined {
  if (!hex || !/^[0-9a-f]{1,6}(-[0-9a-f]{1,6})*$/i.test(hex)) return undefined;
  const points = hex.split("-").map((part) => Number.parseInt(part, 16));
  return points.every((point) => point <= 0x10ffff) ? String.fromCodePoint(...points) : undefined;
}

function richTextSchemas(resolve: MrkdwnResolver) {
  const element = <T extends z.ZodRawShape>(type: string, shape: T) => z.object({ type: z.literal(type), style: styleSchema, ...shape });
  const inline = {
    text: element("text", { text: string(MESSAGE_MAX_LENGTH) }).transform((e): Piece => ({ style: e.style, text: e.text })),
    link: element("link", { url: string(BLOCK_LIMITS.url), text: string(BLOCK_LIMITS.text).optional() }).transform((e): Piece => {
      const href = linkUrl(e.url);
      const label = escapeMarkdown(e.text || e.url);
      return { style: { ...e.style, code: false }, markdown: href ? markdownLink(label, href) : label };
    }),
    user: element("user", { user_id: text(BLOCK_LIMITS.id) }).transform((e): Piece => {
      const userId = resolve.user(e.user_id);
      return { style: e.style, markdown: userId ? `<@${userId}>` : "@unknown" };
    }),
    channel: element("channel", { channel_id: text(BLOCK_LIMITS.id) }).transform(
      (e): Piece => ({ style: e.style, markdown: `#${escapeMarkdown(resolve.channel(e.channel_id) ?? "unknown")}` }),
    ),
    emoji: element("emoji", { name: text(100), unicode: string(64).optional(), skin_tone: z.number().int().optional() }).transform(
      (e): Piece => ({ style: e.style, markdown: fromCodePoints(e.unicode) ?? emojiForName(e.name, e.skin_tone) ?? escapeMarkdown(`:${e.name}:`) }),
    ),
    broadcast: element("broadcast", { range: z.enum(["here", "channel", "everyone"], { error: "must be here, channel or everyone" }) }).transform(
      (e): Piece => ({ style: e.style, markdown: `@${e.range}` }),
    ),
    date: element("date", { timestamp: z.number(), format: string(BLOCK_LIMITS.text), fallback: string(BLOCK_LIMITS.text).optional() }).transform(
      (e): Piece => ({ style: e.style, text: e.fallback ?? new Date(e.timestamp * 1000).toUTCString() }),
    ),
  };
  // Code shows no links, so a link in preformatted text is its text.
  const linkAsText = element("link", { url: string(BLOCK_LIMITS.url), text: string(BLOCK_LIMITS.text).optional() }).transform((e): Piece => ({ style: e.style, text: e.text || e.url }));
  const elementCount = { max: BLOCK_LIMITS.richTextElements, what: "elements" };
  const inlineList = knownList(inline, elementCount);
  const section = z.object({ type: z.literal("rich_text_section"), elements: inlineList }).transform((e) => styledMarkdown(e.elements));
  type Container = { kind: "paragraph"; markdown: Markdown } | { kind: "list"; ordered: boolean; indent: number; start: number; items: Markdown[] };
  return knownList(
    {
      rich_text_section: section.transform((markdown): Container => ({ kind: "paragraph", markdown })),
      rich_text_quote: z.object({ type: z.literal("rich_text_quote"), elements: inlineList }).transform(
        (e): Container => ({ kind: "paragraph", markdown: styledMarkdown(e.elements).replace(/^/gm, "> ") }),
      ),
      rich_text_preformatted: z.object({ type: z.literal("rich_text_preformatted"), elements: knownList({ text: inline.text, link: linkAsText }, elementCount) }).transform(
        (e): Container => ({ kind: "paragraph", markdown: codeBlock(e.elements.map((piece) => ("text" in piece ? piece.text : "")).join("")) }),
      ),
      rich_text_list: z
        .object({
          type: z.literal("rich_text_list"),
          style: z.enum(["bullet", "ordered"], { error: "must be bullet or ordered" }),
          indent: z.number().int().min(0).max(8, "must be at most 8").optional(),
          offset: z.number().int().min(0).optional(),
          elements: knownList({ rich_text_section: section }, { max: BLOCK_LIMITS.richTextElements, what: "items" }),
        })
        .transform((e): Container => ({ kind: "list", ordered: e.style === "ordered", indent: e.indent ?? 0, start: (e.offset ?? 0) + 1, items: e.elements })),
    },
    { ...elementCount, min: 1 },
  ).transform((containers): Markdown => {
    let out = "";
    let listIndent = -1;
    for (const container of containers) {
      if (container.kind === "paragraph") {
        out += `${out ? "\n\n" : ""}${container.markdown}`;
        listIndent = -1;
        continue;
      }
      // Markdown nests a list only under an item of the list before it, four spaces in.
      const indent = Math.min(container.indent, listIndent + 1);
      const lines = container.items.map((item, index) => `${"    ".repeat(indent)}${container.ordered ? `${container.start + index}.` : "-"} ${item}`);
      out += `${out ? (listIndent >= 0 ? "\n" : "\n\n") : ""}${lines.join("\n")}`;
      listIndent = indent;
    }
    return out;
  });
}

/** The zod schemas for a message's `blocks` and `attachments`, converting text as they parse. */
export function slackSchemas(resolve: MrkdwnResolver) {
  const textObject = (max: number) =>
    z
      .object({
        type: z.enum(["plain_text", "mrkdwn"], { error: "must be a plain_text or mrkdwn text object" }),
        text: text(max),
        emoji: z.boolean().optional(),
        verbatim: z.boolean().optional(),
      })
      .transform((object): Markdown => {
        if (object.type === "mrkdwn") return mrkdwnToMarkdown(object.text, resolve);
        return escapeMarkdown(object.emoji === false ? object.text : replaceShortcodes(object.text));
      });

  const block = <T extends z.ZodRawShape>(type: string, shape: T) => z.object({ type: z.literal(type), block_id: identifier, ...shape });
  const actionElements = { button, static_select: staticSelect, overflow };

  const blockSchemas = {
    section: block("section", {
      text: textObject(BLOCK_LIMITS.text).optional(),
      fields: z.array(textObject(BLOCK_LIMITS.fieldText)).max(BLOCK_LIMITS.fields, `must have at most ${BLOCK_LIMITS.fields} fields`).optional(),
      accessory: known({ ...actionElements, image: imageElement }),
    })
      .refine((object) => object.text !== undefined || (object.fields?.length ?? 0) > 0, "a section needs text or fields")
      .transform((object): RichBlock => ({ type: "section", blockId: object.block_id, text: object.text, fields: object.fields ?? [], accessory: object.accessory })),
    context: block("context", {
      elements: knownList(
        { image: imageElement, plain_text: textObject(BLOCK_LIMITS.text), mrkdwn: textObject(BLOCK_LIMITS.text) },
        { min: 1, max: BLOCK_LIMITS.contextElements, what: "elements" },
      ),
    }).transform((object): RichBlock | undefined => {
      const elements = object.elements.map((element): ContextElement => (typeof element === "string" ? { type: "text", text: element } : element));
      return elements.length > 0 ? { type: "context", blockId: object.block_id, elements } : undefined;
    }),
    divider: block("divider", {}).transform((object): RichBlock => ({ type: "divider", blockId: object.block_id })),
    header: block("header", { text: plainText(BLOCK_LIMITS.header) }).transform((object): RichBlock => ({ type: "header", blockId: object.block_id, text: object.text })),
    image: block("image", {
      image_url: string(BLOCK_LIMITS.url).optional(),
      slack_file: z.unknown().optional(),
      alt_text: text(BLOCK_LIMITS.altText),
      title: plainText(BLOCK_LIMITS.altText).optional(),
    }).transform((object): RichBlock | undefined => {
      const imageUrl = httpUrl(object.image_url);
      return imageUrl ? { type: "image", blockId: object.block_id, imageUrl, altText: object.alt_text, title: object.title } : undefined;
    }),
    actions: block("actions", {
      elements: knownList(actionElements, { min: 1, max: BLOCK_LIMITS.actionElements, what: "elements" }),
    }).transform((object): RichBlock | undefined => (object.elements.length > 0 ? { type: "actions", blockId: object.block_id, elements: object.elements } : undefined)),
    rich_text: block("rich_text", { elements: richTextSchemas(resolve) }).transform(
      (object): RichBlock | undefined => (object.elements ? { type: "rich_text", blockId: object.block_id, text: object.elements } : undefined),
    ),
  };

  const blocks = knownList(blockSchemas, { max: BLOCK_LIMITS.blocks, what: "blocks" }).superRefine((parsed, ctx) => {
    const seen = new Set<string>();
    parsed.forEach((entry, index) => {
      if (entry.blockId === undefined) return;
      if (seen.has(entry.blockId)) ctx.addIssue({ code: "custom", message: `block_id ${entry.blockId} is used by more than one block`, path: [index, "block_id"] });
      seen.add(entry.blockId);
    });
  });

  const long = string(MESSAGE_MAX_LENGTH).optional();
  const short = string(BLOCK_LIMITS.text).optional();
  const mrkdwn = (value: string | undefined) => (value ? mrkdwnToMarkdown(value, resolve) : undefined);
  const attachment = z
    .object({
      fallback: long,
      color: short,
      pretext: long,
      author_name: short,
      author_link: url,
      author_icon: url,
      title: short,
      title_link: url,
      text: long,
      fields: z
        .array(z.object({ title: short, value: short, short: z.boolean().optional() }))
        .max(BLOCK_LIMITS.attachmentFields, `must have at most ${BLOCK_LIMITS.attachmentFields} fields`)
        .optional(),
      image_url: url,
      thumb_url: url,
      footer: short,
      footer_icon: url,
      ts: z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/, "must be a Unix timestamp")]).optional(),
      blocks: blocks.optional(),
    })
    .transform(
      (object): LegacyAttachment => ({
        color: attachmentColor(object.color),
        pretext: mrkdwn(object.pretext),
        author: object.author_name ? { name: object.author_name, link: object.author_link, icon: object.author_icon } : undefined,
        title: object.title ? { text: object.title, link: object.title_link } : undefined,
        text: mrkdwn(object.text),
        fields: (object.fields ?? []).map((field) => ({ title: field.title || undefined, value: mrkdwn(field.value) ?? "", short: field.short ?? false })),
        imageUrl: object.image_url,
        thumbUrl: object.thumb_url,
        footer: object.footer ? { text: mrkdwn(object.footer)!, icon: object.footer_icon } : undefined,
        ts: object.ts === undefined ? undefined : Number(object.ts),
        fallback: mrkdwn(object.fallback),
        blocks: object.blocks ?? [],
      }),
    );
  const attachments = z
    .array(attachment)
    .max(BLOCK_LIMITS.attachments, `must have at most ${BLOCK_LIMITS.attachments} attachments`);
  return { blocks, attachments };
}

/** A colour Slack accepts (`good`, `#36a64f`, `36a64f`, `#abc`), normalised; anything else is the default grey. */
function attachmentColor(value: string | undefined): AttachmentColor | undefined {
  if (value === "good" || value === "warning" || value === "danger") return value;
  const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value ?? "")?.[1]?.toLowerCase();
  if (!hex) return undefined;
  return `#${hex.length === 3 ? [...hex].map((digit) => digit + digit).join("") : hex}`;
}

export type SlackContentResult<T> = { ok: true; value: T } | { ok: false; error: "invalid_blocks" | "invalid_attachments"; message: string };

/** Slack's form-encoded methods send `blocks` and `attachments` as JSON text. */
function fromJsonText(input: unknown): unknown {
  if (typeof input !== "string") return input;
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
}

const pathText = (root: string, path: PropertyKey[]) => path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : `${out}.${String(key)}`), root);

function parseWith<T>(schema: z.ZodType<T>, input: unknown, root: "blocks" | "attachments"): SlackContentResult<T> {
  const result = schema.safeParse(fromJsonText(input));
  if (result.success) return { ok: true, value: result.data };
  const message = result.error.issues
    .slice(0, 5)
    .map((issue) => `${pathText(root, issue.path)}: ${issue.message}`)
    .join("; ");
  return { ok: false, error: root === "blocks" ? "invalid_blocks" : "invalid_attachments", message };
}

export const parseBlocks = (input: unknown, resolve: MrkdwnResolver) => parseWith(slackSchemas(resolve).blocks, input, "blocks");
export const parseAttachments = (input: unknown, resolve: MrkdwnResolver) => parseWith(slackSchemas(resolve).attachments, input, "attachments");

function blockSummary(entry: RichBlock): Markdown[] {
  switch (entry.type) {
    case "section":
      return [entry.text ?? "", ...entry.fields];
    case "context":
      return [entry.elements.map((element) => (element.type === "text" ? element.text : "")).filter(Boolean).join(" ")];
    case "header":
      return [escapeMarkdown(entry.text)];
    case "image":
      return [escapeMarkdown(entry.title ?? entry.altText)];
    case "rich_text":
      return [entry.text];
    case "divider":
    case "actions":
      return [];
  }
}

function attachmentSummary(attachment: LegacyAttachment): Markdown[] {
  if (attachment.fallback) return [attachment.fallback];
  const fields = attachment.fields.map((field) => (field.title ? `${escapeMarkdown(field.title)}: ${field.value}` : field.value));
  return [attachment.pretext ?? "", attachment.title ? escapeMarkdown(attachment.title.text) : "", attachment.text ?? "", ...fields, ...attachment.blocks.flatMap(blockSummary)];
}

/**
 * The text a message without `text` is notified, searched and listed by, as Slack derives it: the blocks' text, then
 * each attachment's fallback (or its visible text). Markdown like any body, at most a body's length.
 */
export function fallbackText(blocks: RichBlock[], attachments: LegacyAttachment[]): Markdown {
  const text = [...blocks.flatMap(blockSummary), ...attachments.flatMap(attachmentSummary)]
    .map((part) => part.trim())
    .filter(Boolean)
    .join("\n");
  return text.slice(0, MESSAGE_MAX_LENGTH);
}
