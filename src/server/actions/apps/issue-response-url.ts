import { newId } from "@/shared/ids";
import { responseUrls } from "../../db/schema";
import type { ActionContext } from "../context";

/** Slack's limits on a response_url: five uses within thirty minutes. */
export const RESPONSE_URL_USES = 5;
const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
export const RESPONSE_URL_PATH = "/api/slack-respond/";

/**
 * A response_url for an app that was just asked something by a person (a click, a command): where it may answer
 * them, or change the message clicked, a few times for a while. The URL is the credential, as Slack's is.
 */
export async function issueResponseUrl(
  { tx, services }: Pick<ActionContext, "tx" | "services">,
  grant: { appId: string; channelId: string; userId: string; messageId: string | null; threadRootId: string | null },
  origin: string,
): Promise<string> {
  const [row] = await tx
    .insert(responseUrls)
    .values({
      appId: grant.appId,
      channelId: grant.channelId,
      userId: grant.userId,
      messageId: grant.messageId,
      context: { threadRootId: grant.threadRootId },
      expiresAt: new Date(services.clock.now().getTime() + RESPONSE_URL_LIFETIME_MS),
    })
    .returning({ id: responseUrls.id });
  return `${origin}${RESPONSE_URL_PATH}${row!.id}`;
}

/** Slack's trigger_id: opaque to the app, unique per interaction. */
export const newTriggerId = (now: Date) => `${now.getTime()}.${newId().slice(0, 8)}`;
