import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { DomainError } from "../access/errors";
import type { StreamSocket } from "../events/stream";
import { anonymousActor, userActor, visitorActor } from "../actions/context";
import { metrics } from "../observability/metrics";
import { visitorFromToken } from "../support/visitor-session";

export interface Context {
  userId: string | null;
  /** The signed-in session's row (auth_sessions), when the cookie names one. */
  sessionId?: string;
  /** The client's address (rate limits of requests made before signing in); unset for in-process callers. */
  ip?: string;
  /** Set for calls that arrive over the WebSocket. */
  socket?: StreamSocket;
  /** Confab's public origin, for links the server hands out (an app's response_url); a test may give its own. */
  origin?: string;
  /** A live-chat visitor's token (the widget's calls), checked by visitorProcedure. */
  visitorToken?: string | null;
  userAgent?: string;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    // Input errors read like the form messages they are ("Enter a valid email address"), not a JSON dump.
    if (error.cause instanceof ZodError) {
      const issue = error.cause.issues[0];
      return {
        ...shape,
        message: issue?.message ?? "Invalid input",
        data: { ...shape.data, field: issue?.path.join(".") ?? null, stack: undefined },
      };
    }
    const field = error.cause instanceof DomainError ? (error.cause.field ?? null) : null;
    return { ...shape, data: { ...shape.data, ...(field && { field }), stack: undefined } };
  },
});

/** Domain errors become their tRPC twins; anything else stays a 500 with a message that reveals nothing. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

/** Every query and mutation timed into /metrics by procedure and outcome (a subscription's life is not a latency). */
const timeCalls = t.middleware(async ({ path, type, next }) => {
  if (type === "subscription") return next();
  const end = metrics().procedureSeconds.startTimer({ procedure: path });
  const result = await next();
  end({ outcome: result.ok ? "ok" : result.error.code });
  return result;
});
const procedure = t.procedure.use(timeCalls).use(mapDomainErrors);

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/** Who is calling, as actions see them: the signed-in person, or someone not signed in (known by their address). */
export const publicProcedure = procedure.use(({ ctx, next }) => next({ ctx: { actor: ctx.userId ? userActor(ctx.userId) : anonymousActor(ctx.ip ?? "in-process") } }));
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.userId) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  return next({ ctx: { userId: ctx.userId, sessionId: ctx.sessionId, actor: userActor(ctx.userId) } });
});

/** The live-chat widget's calls: the visitor its token names, acting on their own conversations only. */
export const visitorProcedure = procedure.use(async ({ ctx, next }) => {
  const visitor = ctx.visitorToken ? await visitorFromToken(ctx.visitorToken) : null;
  if (!visitor) throw new TRPCError({ code: "UNAUTHORIZED", message: "This chat session has expired; reload the page to start again" });
  return next({ ctx: { actor: visitorActor(visitor) } });
});
