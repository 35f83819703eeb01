import { z } from "zod";
import { MESSAGE_MAX_LENGTH } from "./messages";

/**
 * Live chat: a workspace's support inboxes answer the visitors of its websites. Each visitor conversation is a
 * channel of kind "support" whose members are the inbox's team while it is open; the visitor sees its top-level,
 * non-internal messages only.
 */

const id = (what: string) => z.string().uuid(`Unknown ${what}`);

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_NAMES: Record<Weekday, string> = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" };

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Times are HH:MM, 24-hour");
const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, "Unknown time zone");

/** Opening hours: per weekday, one span (or closed all day), in the inbox's time zone. */
export const businessHours = z.object({
  timeZone,
  days: z.record(
    z.enum(WEEKDAYS),
    z
      .object({ open: clock, close: clock })
      .refine((span) => span.open < span.close, "A day closes after it opens")
      .nullable(),
  ),
});
export type BusinessHours = z.infer<typeof businessHours>;

export const PRECHAT_FIELD_KEY = /^[a-z][a-z0-9_]{0,31}$/;
export const prechatForm = z.object({
  askName: z.boolean().default(true),
  askEmail: z.boolean().default(true),
  requireEmail: z.boolean().default(false),
  fields: z
    .array(
      z.object({
        key: z.string().regex(PRECHAT_FIELD_KEY, "Field keys are lowercase letters, digits and underscores"),
        label: z.string().trim().min(1, "Give the field a label").max(80, "Labels are at most 80 characters"),
        required: z.boolean().default(false),
      }),
    )
    .max(10, "At most 10 extra fields")
    .default([]),
});
export type PrechatForm = z.infer<typeof prechatForm>;

/** Where the widget may be embedded: https (or http for localhost) origins, exactly, as the browser sends them. */
export const websiteOrigin = z
  .string()
  .trim()
  .transform((value, context) => {
    try {
      const url = new URL(value);
      const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname) || url.hostname.startsWith("127.");
      if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) throw new Error();
      return url.origin;
    } catch {
      context.addIssue({ code: "custom", message: `${value || "That"} is not a website origin like https://example.com` });
      return z.NEVER;
    }
  });

const inboxFields = {
  name: z.string().trim().min(1, "Give the inbox a name").max(80, "Names are at most 80 characters"),
  greeting: z.string().trim().max(500, "Greetings are at most 500 characters"),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "Colours are like #4f46e5"),
  allowedOrigins: z.array(websiteOrigin).min(1, "Add the website the widget goes on").max(20, "At most 20 websites"),
  hours: businessHours.nullable(),
  prechat: prechatForm,
  agentIds: z.array(id("person")).min(1, "Add at least one person to answer").max(200),
  verifyIdentity: z.boolean(),
  /** Open conversations one agent is given automatically at most; 0 turns automatic assignment off. */
  autoAssignLimit: z.number().int().min(0).max(100),
};
export const createInboxInput = z.object({
  workspaceId: id("workspace"),
  ...inboxFields,
  greeting: inboxFields.greeting.default("Hi! How can we help?"),
  color: inboxFields.color.default("#4f46e5"),
  hours: inboxFields.hours.default(null),
  prechat: prechatForm.default({ askName: true, askEmail: true, requireEmail: false, fields: [] }),
  verifyIdentity: inboxFields.verifyIdentity.default(false),
  autoAssignLimit: inboxFields.autoAssignLimit.default(5),
});
export const updateInboxInput = z.object({ inboxId: id("inbox"), ...inboxFields }).partial().required({ inboxId: true });
export const inboxIdInput = z.object({ inboxId: id("inbox") });

export const CONVERSATION_VIEWS = ["unassigned", "mine", "open", "closed"] as const;
export type ConversationView = (typeof CONVERSATION_VIEWS)[number];
export const CONVERSATION_VIEW_NAMES: Record<ConversationView, string> = { unassigned: "Unassigned", mine: "Mine", open: "All open", closed: "Closed" };
export const conversationListInput = z.object({ workspaceId: id("workspace"), view: z.enum(CONVERSATION_VIEWS), limit: z.number().int().min(1).max(100).default(50) });
export const conversationIdInput = z.object({ conversationId: id("conversation") });
export const replyInput = z
  .object({
    conversationId: id("conversation"),
    body: z.string().max(MESSAGE_MAX_LENGTH, `Messages are at most ${MESSAGE_MAX_LENGTH.toLocaleString("en-US")} characters`),
    fileIds: z.array(id("file")).max(10).default([]),
    clientNonce: z.string().min(8, "Invalid nonce").max(64, "Invalid nonce"),
    /** A note for the team only. */
    internal: z.boolean().default(false),
  })
  .refine((input) => input.body.trim().length > 0 || input.fileIds.length > 0, { message: "Write something before sending", path: ["body"] });
export const assignInput = z.object({ conversationId: id("conversation"), assigneeId: id("person").nullable() });
export const savedReplyInput = z.object({
  inboxId: id("inbox"),
  shortcut: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "Shortcuts are lowercase letters, digits and dashes"),
  body: z.string().trim().min(1, "Write the reply").max(4000, "Saved replies are at most 4,000 characters"),
});
export const reportInput = z.object({ workspaceId: id("workspace"), days: z.number().int().min(1).max(366).default(30) });

/** How long a visitor's message, name and fields may be. */
export const VISITOR_MESSAGE_MAX = 4000;
export const visitorName = z.string().trim().max(80, "Names are at most 80 characters");
export const visitorEmail = z.string().trim().toLowerCase().email("Enter a valid email address").max(254);

/** What the website tells the widget about the page and, when signed in, who the visitor is. */
export const visitorContext = z.object({
  pageUrl: z.string().max(2000).default(""),
  referrer: z.string().max(2000).default(""),
  timeZone: z.string().max(64).default(""),
  identity: z
    .object({
      id: z.string().min(1).max(200),
      /** HMAC-SHA256 of the id with the inbox's identity secret, hex: proves the website vouches for this id. */
      hash: z.string().max(128).default(""),
      name: visitorName.optional(),
      email: visitorEmail.optional(),
    })
    .optional(),
});
export const widgetSessionInput = visitorContext.extend({ inboxKey: z.string().min(8).max(64) });
export const startConversationInput = z.object({
  name: visitorName.default(""),
  email: z.union([visitorEmail, z.literal("")]).default(""),
  fields: z.record(z.string(), z.string().max(500, "Answers are at most 500 characters")).default({}),
  body: z
    .string()
    .max(VISITOR_MESSAGE_MAX, `Messages are at most ${VISITOR_MESSAGE_MAX.toLocaleString("en-US")} characters`)
    .refine((body) => body.trim().length > 0, "Write your message"),
  clientNonce: z.string().min(8).max(64),
});
export const visitorSendInput = z
  .object({
    conversationId: id("conversation"),
    body: z.string().max(VISITOR_MESSAGE_MAX, `Messages are at most ${VISITOR_MESSAGE_MAX.toLocaleString("en-US")} characters`),
    fileIds: z.array(id("file")).max(10).default([]),
    clientNonce: z.string().min(8).max(64),
  })
  .refine((input) => input.body.trim().length > 0 || input.fileIds.length > 0, { message: "Write your message", path: ["body"] });
export const visitorHistoryInput = z.object({ conversationId: id("conversation"), afterSeq: z.number().int().nonnegative().optional() });
export const visitorReadInput = z.object({ conversationId: id("conversation"), seq: z.number().int().nonnegative() });
export const rateInput = z.object({ conversationId: id("conversation"), rating: z.number().int().min(1, "Pick 1 to 5").max(5, "Pick 1 to 5") });
export const transcriptInput = z.object({ conversationId: id("conversation"), email: visitorEmail.optional() });

export type ConversationStatus = "open" | "closed";

/** A conversation as the agents' lists and side panel show it. */
export interface ConversationSummary {
  id: string;
  inboxId: string;
  inboxName: string;
  status: ConversationStatus;
  assigneeId: string | null;
  visitor: { userId: string; name: string; email: string | null };
  lastSeq: number;
  lastMessage: string;
  lastActivityAt: Date;
  createdAt: Date;
  closedAt: Date | null;
  rating: number | null;
}

export interface ConversationCounts {
  unassigned: number;
  mine: number;
  open: number;
  closed: number;
}

/** What the agents' side panel adds: where the visitor is, and their earlier conversations. */
export interface VisitorDetails {
  userId: string;
  name: string;
  email: string | null;
  fields: Record<string, string>;
  fieldLabels: Record<string, string>;
  pageUrl: string;
  referrer: string;
  userAgent: string;
  timeZone: string;
  verifiedId: string | null;
  online: boolean;
  previous: Array<{ id: string; status: ConversationStatus; createdAt: Date; lastMessage: string }>;
}

/** A message as the visitor sees it: who wrote it (a first name and picture for agents) and nothing of the workspace. */
export interface VisitorMessage {
  id: string;
  seq: number;
  fromVisitor: boolean;
  authorName: string;
  authorImage: string | null;
  body: string;
  files: Array<{ id: string; name: string; size: number; mimeType: string; kind: string; width: number | null; height: number | null; hasThumbnail: boolean }>;
  clientNonce: string | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

export interface VisitorConversation {
  id: string;
  status: ConversationStatus;
  createdAt: Date;
  lastMessage: string;
  rating: number | null;
  /** How far the agents have read, for the visitor's "Seen". */
  agentsReadSeq: number;
  visitorReadSeq: number;
}

/** What the widget shows before anything else: the inbox's face, and whether someone is there. */
export interface WidgetConfig {
  inboxId: string;
  name: string;
  greeting: string;
  color: string;
  prechat: PrechatForm;
  /** Open now and someone on the team active. */
  online: boolean;
  withinHours: boolean;
  /** When the hours open next, if closed now. */
  opensAt: Date | null;
  verifyIdentity: boolean;
}

/** What the visitor's own stream carries: its conversations only, shaped for the visitor. */
export type VisitorEvent =
  | { type: "stream.ready" }
  | { type: "message"; conversationId: string; message: VisitorMessage }
  | { type: "typing"; conversationId: string; name: string }
  | { type: "read"; conversationId: string; agentsReadSeq: number }
  | { type: "conversation"; conversation: VisitorConversation };

const WEEKDAY_OF: Record<string, Weekday> = { Mon: "mon", Tue: "tue", Wed: "wed", Thu: "thu", Fri: "fri", Sat: "sat", Sun: "sun" };

/** The wall-clock weekday and minutes since midnight of an instant in a time zone. */
function wallClock(at: Date, zone: string): { day: Weekday; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const part = (type: string) => parts.find((entry) => entry.type === type)!.value;
  return { day: WEEKDAY_OF[part("weekday")]!, minutes: Number(part("hour")) * 60 + Number(part("minute")) };
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

/** Whether the hours are open at an instant, and if not, the next instant they open (null: never open). */
export function hoursAt(hours: BusinessHours | null, at: Date): { open: boolean; opensAt: Date | null } {
  if (!hours) return { open: true, opensAt: null };
  const now = wallClock(at, hours.timeZone);
  const today = hours.days[now.day];
  if (today && now.minutes >= minutesOf(today.open) && now.minutes < minutesOf(today.close)) return { open: true, opensAt: null };
  // The next opening is at most a week away: try each day's opening time in turn.
  const startOfMinute = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
  for (let dayOffset = 0; dayOffset <= 7; dayOffset++) {
    const dayIndex = (WEEKDAYS.indexOf(now.day) + dayOffset) % 7;
    const span = hours.days[WEEKDAYS[dayIndex]!];
    if (!span) continue;
    const target = dayOffset * 24 * 60 + minutesOf(span.open) - now.minutes;
    if (target <= 0) continue;
    let candidate = new Date(startOfMinute.getTime() + target * 60_000);
    // Across a daylight-saving change the wall clock moved; one correction lands on the opening time.
    const drift = (((wallClock(candidate, hours.timeZone).minutes - minutesOf(span.open)) % 1440) + 1440 + 720) % 1440 - 720;
    if (drift !== 0) candidate = new Date(candidate.getTime() - drift * 60_000);
    return { open: false, opensAt: candidate };
  }
  return { open: false, opensAt: null };
}

/** The widget's own page on Confab's origin: what the website's iframe shows, and where email links lead. */
export const widgetPath = (inboxKey: string) => `/widget/${encodeURIComponent(inboxKey)}`;
