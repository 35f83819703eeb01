import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { DomainError } from "../access/errors";
import { sharedRateLimiter } from "../auth/rate-limit";

/**
 * Anonymous traffic is hostile until shown otherwise: the widget's calls are counted per client address and per
 * visitor (in Redis when there is one, so every process counts together), far above what a person typing does.
 */
const limits = {
  sessionsPerIp: () => sharedRateLimiter("widget-session-ip", 60, 60),
  conversationsPerIp: () => sharedRateLimiter("widget-conversation-ip", 10, 10 * 60),
  messagesPerVisitor: () => sharedRateLimiter("widget-message-visitor", 20, 60),
  messagesPerIp: () => sharedRateLimiter("widget-message-ip", 120, 60),
  uploadsPerVisitor: () => sharedRateLimiter("widget-upload-visitor", 10, 60),
  uploadsPerIp: () => sharedRateLimiter("widget-upload-ip", 30, 60),
  signalsPerVisitor: () => sharedRateLimiter("widget-signal-visitor", 120, 60),
  inboundEmailPerConversation: () => sharedRateLimiter("support-inbound-conversation", 20, 60 * 60),
};
type LimitName = keyof typeof limits;

const made = new Map<LimitName, RateLimiterAbstract>();

/** Counts one call against a limit; past it, a refusal saying when to try again. */
export async function withinLimit(name: LimitName, key: string): Promise<void> {
  let limiter = made.get(name);
  if (!limiter) made.set(name, (limiter = limits[name]()));
  try {
    await limiter.consume(key);
  } catch (refusal) {
    if (refusal instanceof Error) throw refusal;
    const seconds = Math.ceil(((refusal as { msBeforeNext?: number }).msBeforeNext ?? 1000) / 1000);
    throw new DomainError("TOO_MANY_REQUESTS", `You are going too fast; try again in ${seconds} second${seconds === 1 ? "" : "s"}`);
  }
}
