import { forbidden } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { dataTransfers } from "../../db/schema";
import { enqueueJobs } from "../../jobs/queue";
import { audit } from "../audit";
import { defineAction } from "../context";

export const TRANSFER_JOB = "transfer";

/**
 * An admin starts an export of the workspace, or an import of a Slack export already uploaded to `storageKey`; a job
 * does the work, and the transfer's row shows how far it got.
 */
export const startTransfer = defineAction({ actors: ["user"] }, async (ctx, input: { workspaceId: string; kind: "export" | "import"; storageKey?: string; size?: number }) => {
  const { tx, actor } = ctx;
  const role = await requireWorkspaceAdmin(tx, input.workspaceId, actor.userId);
  // An export holds every private channel and DM: owners only, as Slack keeps full exports to its owners.
  if (input.kind === "export" && role !== "owner") throw forbidden("Only owners can export the workspace: it includes private channels and direct messages");
  const [transfer] = await tx
    .insert(dataTransfers)
    .values({ workspaceId: input.workspaceId, kind: input.kind, createdBy: actor.userId, storageKey: input.storageKey ?? null, size: input.size ?? null })
    .returning();
  await enqueueJobs(tx, [{ kind: TRANSFER_JOB, key: `${TRANSFER_JOB}:${transfer!.id}`, payload: { transferId: transfer!.id, kind: input.kind } }]);
  await audit(tx, { workspaceId: input.workspaceId, actorId: actor.userId, action: `${input.kind}.started`, detail: input.size ? `${input.size} bytes` : "" });
  ctx.afterCommit(() => ctx.services.pokeJobs());
  return transfer!;
});
