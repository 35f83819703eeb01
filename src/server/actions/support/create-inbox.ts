import type { z } from "zod";
import { topics } from "@/shared/events";
import type { createInboxInput } from "@/shared/support";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { newSecretToken } from "../../auth/secret-tokens";
import { encryptSecret } from "../../auth/secrets";
import { supportInboxes } from "../../db/schema";
import { inboxSettings } from "../../queries/support";
import { audit } from "../audit";
import { defineAction } from "../context";
import { setInboxTeam } from "./inbox-team";

/** A live-chat inbox with its team; its key goes in the website's snippet, its identity secret on the website's server. */
export const createInbox = defineAction({ actors: ["user"] }, async ({ tx, actor, emit }, input: z.output<typeof createInboxInput>) => {
  await requireWorkspaceAdmin(tx, input.workspaceId, actor.userId);
  const { agentIds, ...fields } = input;
  const [inbox] = await tx
    .insert(supportInboxes)
    .values({ ...fields, key: newSecretToken("cfw_").replace(/[-_]/g, "x").slice(0, 32), identitySecretEncrypted: encryptSecret(newSecretToken()), createdBy: actor.userId })
    .returning();
  await setInboxTeam(tx, inbox!, agentIds);
  for (const userId of new Set(agentIds)) emit(topics.user(userId), { type: "membership.changed" });
  await audit(tx, { workspaceId: input.workspaceId, actorId: actor.userId, action: "support.inbox_created", detail: `${input.name} (${input.allowedOrigins.join(", ")})` });
  return inboxSettings(tx, inbox!);
});
