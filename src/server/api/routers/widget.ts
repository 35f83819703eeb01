import { z } from "zod";
import { rateInput, startConversationInput, transcriptInput, visitorHistoryInput, visitorReadInput, visitorSendInput, widgetSessionInput } from "@/shared/support";
import { runAction } from "../../actions/context";
import { openTab } from "../../actions/realtime/open-tab";
import { closeTab } from "../../actions/realtime/close-tab";
import { markVisitorRead } from "../../actions/support/mark-visitor-read";
import { rateConversation } from "../../actions/support/rate-conversation";
import { requestTranscript } from "../../actions/support/request-transcript";
import { sendVisitorMessage } from "../../actions/support/send-visitor-message";
import { startConversation } from "../../actions/support/start-conversation";
import { startWidgetSession } from "../../actions/support/start-widget-session";
import { visitorTyping } from "../../actions/support/visitor-typing";
import { streamVisitorEvents } from "../../events/visitor-stream";
import { visitorConversationHistory, visitorConversationList } from "../../queries/support";
import { withinLimit } from "../../support/limits";
import { publicProcedure, router, visitorProcedure } from "../trpc";

const conversationInput = z.object({ conversationId: z.string().uuid("Unknown conversation") });

/** The live-chat widget's API: a session for anyone on an allowed website, then only the visitor's own conversations. */
export const widgetRouter = router({
  session: publicProcedure
    .input(widgetSessionInput.extend({ token: z.string().max(1000).nullish(), hostOrigin: z.string().max(300) }))
    .mutation(async ({ ctx, input }) => {
      await withinLimit("sessionsPerIp", ctx.ip ?? "in-process");
      return runAction(ctx.actor, startWidgetSession, { ...input, userAgent: ctx.userAgent ?? "" });
    }),
  conversations: visitorProcedure.query(({ ctx }) => visitorConversationList(ctx.actor)),
  history: visitorProcedure.input(visitorHistoryInput).query(({ ctx, input }) => visitorConversationHistory(ctx.actor, input)),
  start: visitorProcedure.input(startConversationInput).mutation(async ({ ctx, input }) => {
    await withinLimit("conversationsPerIp", ctx.ip ?? "in-process");
    await withinLimit("messagesPerVisitor", ctx.actor.visitorId);
    return runAction(ctx.actor, startConversation, input);
  }),
  send: visitorProcedure.input(visitorSendInput).mutation(async ({ ctx, input }) => {
    await withinLimit("messagesPerVisitor", ctx.actor.visitorId);
    await withinLimit("messagesPerIp", ctx.ip ?? "in-process");
    return runAction(ctx.actor, sendVisitorMessage, input);
  }),
  read: visitorProcedure.input(visitorReadInput).mutation(async ({ ctx, input }) => {
    await withinLimit("signalsPerVisitor", ctx.actor.visitorId);
    return runAction(ctx.actor, markVisitorRead, input);
  }),
  typing: visitorProcedure.input(conversationInput).mutation(async ({ ctx, input }) => {
    await withinLimit("signalsPerVisitor", ctx.actor.visitorId);
    return runAction(ctx.actor, visitorTyping, input);
  }),
  rate: visitorProcedure.input(rateInput).mutation(({ ctx, input }) => runAction(ctx.actor, rateConversation, input)),
  transcript: visitorProcedure.input(transcriptInput).mutation(async ({ ctx, input }) => {
    await withinLimit("messagesPerVisitor", ctx.actor.visitorId);
    return runAction(ctx.actor, requestTranscript, input);
  }),
  /** The widget's one stream: its visitor's conversations only. While it is open the visitor counts as online. */
  stream: visitorProcedure.input(z.object({ tabId: z.string().uuid("Unknown tab") })).subscription(async function* ({ ctx, input, signal }) {
    await runAction(ctx.actor, openTab, { tabId: input.tabId, active: true });
    try {
      for await (const { events } of streamVisitorEvents(ctx.actor, signal!, ctx.socket)) yield events;
    } finally {
      await runAction(ctx.actor, closeTab, { tabId: input.tabId });
    }
  }),
});
