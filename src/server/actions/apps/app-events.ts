import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { type AppEventType, EVENT_SCOPES } from "@/shared/apps";
import type { ChannelKind } from "@/shared/channels";
import { parseMentions } from "@/shared/mentions";
import { apps, channelMembers } from "../../db/schema";
import { enqueueJobs, type NewJob } from "../../jobs/queue";
import type { MessageRow } from "../../queries/message-views";
import { slackText } from "../../slack/format";
import { conversationKindLetter, toSlackId, toSlackTs } from "../../slack/ids";
import type { ActionContext } from "../context";
import { APP_EVENT_JOB } from "./deliver-app-event";


export interface SubscribedApp {
  id: string;
  workspaceId: string;
  botUserId: string;
  eventTypes: string[];
  scopes: string[];
  /** Whether its bot is in the channel the event happened in. */
  inChannel: boolean;
}

/** Apps of the workspace that listen for events, so a send writes its notify job when one could be told. */
export const listensForEvents = sql`((${apps.eventsUrl} is not null or ${apps.socketMode}) and ${apps.eventsDisabledAt} is null and cardinality(${apps.eventTypes}) > 0)`;

/** The event an app is sent (Slack's `event`), and the subscription it falls under. */
export type AppEvent = { subscription: AppEventType; event: Record<string, unknown> };

/**
 * Queues, in the action's transaction, each subscribed app's copy of what happened: durable jobs that deliver it (and
 * retry) after the commit, so an app is never told of something that did not happen, nor left out of what did.
 * `make` decides per app (a bot hears a channel's messages only from inside it, as Slack's do).
 */
export async function enqueueAppEvents(
  ctx: ActionContext,
  where: { workspaceId: string; channelId: string | null },
  happened: ReadonlyArray<{ key: string; make: (app: SubscribedApp) => AppEvent | null }>,
) {
  if (happened.length === 0) return;
  const { workspaceId, channelId } = where;
  const subscribed = await ctx.tx
    .select({
      id: apps.id,
      workspaceId: apps.workspaceId,
      botUserId: apps.botUserId,
      eventTypes: apps.eventTypes,
      scopes: apps.scopes,
      inChannel: channelId
        ? sql<boolean>`exists (select 1 from ${channelMembers} where ${channelMembers.channelId} = ${channelId} and ${channelMembers.userId} = ${apps.botUserId})`
        : sql<boolean>`false`,
    })
    .from(apps)
    .where(and(eq(apps.workspaceId, workspaceId), listensForEvents));
  const now = ctx.services.clock.now();
  const jobs: NewJob[] = subscribed.flatMap((app) => happened.flatMap(({ key, make }) => {
    const made = make(app);
    if (!made || !app.eventTypes.includes(made.subscription) || !app.scopes.includes(EVENT_SCOPES[made.subscription])) return [];
    // From what happened, not from chance: a retry, or the same event queued again by a re-run batch, carries the same
    // id, and the app can tell a redelivery from a new event.
    const eventId = `Ev${createHash("sha256").update(`${app.id}:${key}`).digest("hex").slice(0, 20).toUpperCase()}`;
    return [
      {
        kind: APP_EVENT_JOB,
        key: `${APP_EVENT_JOB}:${app.id}:${key}`,
        payload: {
          appId: app.id,
          envelope: {
            team_id: toSlackId("T", app.workspaceId),
            api_app_id: toSlackId("A", app.id),
            event: { ...made.event, event_ts: made.event.event_ts ?? `${Math.floor(now.getTime() / 1000)}.000000` },
            type: "event_callback",
            event_id: eventId,
            event_time: Math.floor(now.getTime() / 1000),
            authorizations: [{ team_id: toSlackId("T", app.workspaceId), user_id: toSlackId("U", app.botUserId), is_bot: true, is_enterprise_install: false }],
          },
        },
      },
    ];
  }));
  await enqueueJobs(ctx.tx, jobs);
  if (jobs.length > 0) ctx.afterCommit(() => ctx.services.pokeJobs());
}

const MESSAGE_SUBSCRIPTIONS: Record<string, AppEventType> = { public: "message.channels", private: "message.groups", dm: "message.im", group_dm: "message.mpim" };
const CHANNEL_TYPES: Record<string, string> = { public: "channel", private: "group", dm: "im", group_dm: "mpim" };

/**
 * A sent message, for the apps whose bot is in its conversation (message.channels, .groups, .im, .mpim) and, as
 * app_mention, for an app whose bot it names. An app is never sent its own messages.
 */
export async function enqueueMessageEvents(ctx: ActionContext, message: MessageRow, channel: { workspaceId: string; kind: ChannelKind }, threadTs: string | undefined) {
  const slackChannel = toSlackId(conversationKindLetter(channel.kind), message.channelId);
  const shared = {
    channel: slackChannel,
    user: message.authorId ? toSlackId("U", message.authorId) : undefined,
    text: slackText(message.body),
    ts: toSlackTs(message),
    event_ts: toSlackTs(message),
    team: toSlackId("T", channel.workspaceId),
    ...(threadTs && { thread_ts: threadTs }),
    ...(message.appId && { bot_id: toSlackId("B", message.appId), app_id: toSlackId("A", message.appId) }),
  };
  const mentioned = new Set(parseMentions(message.body).userIds);
  const fromItself = (app: SubscribedApp) => message.appId === app.id;
  await enqueueAppEvents(ctx, { workspaceId: channel.workspaceId, channelId: message.channelId }, [
    {
      key: `message:${message.id}`,
      make: (app) => (app.inChannel && !fromItself(app) ? { subscription: MESSAGE_SUBSCRIPTIONS[channel.kind]!, event: { type: "message", channel_type: CHANNEL_TYPES[channel.kind], ...shared } } : null),
    },
    {
      key: `app_mention:${message.id}`,
      make: (app) => (app.inChannel && !fromItself(app) && mentioned.has(app.botUserId) ? { subscription: "app_mention", event: { type: "app_mention", ...shared } } : null),
    },
  ]);
}
