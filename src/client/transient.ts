import { TRPCClientError } from "@trpc/client";

/** Gateway statuses: a proxy answered because the process behind it could not (restarting, gone, overloaded). */
const GATEWAY = new Set([502, 503, 504]);

/**
 * Whether a call failed without the server deciding anything: no answer at all, an answer that was not tRPC's (a
 * proxy's error page), or a gateway status. Worth the same call again; a refusal (bad input, no access) is not.
 */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const data = error.data as { httpStatus?: number } | undefined;
  return !data || GATEWAY.has(data.httpStatus ?? 0);
}
