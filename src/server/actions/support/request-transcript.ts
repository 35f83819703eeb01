import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { transcriptInput } from "@/shared/support";
import { badRequest } from "../../access/errors";
import { requireVisitorConversation } from "../../access/support";
import { emailConfigured } from "../../email/mailer";
import { supportVisitors } from "../../db/schema";
import { enqueueJobs } from "../../jobs/queue";
import { defineAction } from "../context";
import { transcriptJob } from "./email-visitor";

/** The visitor asks for the conversation by email (to the address they gave, or another). */
export const requestTranscript = defineAction({ actors: ["visitor"] }, async (ctx, input: z.output<typeof transcriptInput>) => {
  const { tx, actor, services } = ctx;
  if (!emailConfigured()) throw badRequest("Transcripts cannot be emailed from here");
  const conversation = await requireVisitorConversation(tx, input.conversationId, actor.visitorId);
  const [visitor] = await tx.select({ email: supportVisitors.email }).from(supportVisitors).where(eq(supportVisitors.id, actor.visitorId));
  const email = input.email ?? visitor?.email;
  if (!email) throw badRequest("Enter the email address to send it to");
  if (!visitor?.email) await tx.update(supportVisitors).set({ email }).where(eq(supportVisitors.id, actor.visitorId));
  await enqueueJobs(tx, [transcriptJob(conversation.id, email, services.clock.now())]);
  ctx.afterCommit(() => services.pokeJobs());
  return { email };
});
