import { sweepExpiredResponseUrls } from "../actions/apps/sweep-expired-response-urls";
import { sweepStaleSocketConnections } from "../actions/apps/sweep-stale-socket-connections";
import { expireUnansweredCalls } from "../actions/calls/expire-unanswered-calls";
import { runAction, SYSTEM, type Action } from "../actions/context";
import { sweepAbandonedUploads } from "../actions/files/sweep-abandoned-uploads";
import { sweepExpiredSamlState } from "../actions/sso/sweep-expired-saml-state";
import { clearExpiredStatuses } from "../actions/users/clear-expired-statuses";
import { applyRetention } from "../actions/retention/apply-retention";
import { presence } from "../presence";
// The job kinds register their handlers as their modules load; the worker must know all of them.
import "../actions/messages/notify-recipients";
import "../actions/support/email-visitor";
import "./transfer-job";
import { backgroundSettled } from "./background";
import { startJobWorker } from "./queue";
import { log } from "../observability/log";
import { dbHandle } from "../db/client";

/** Sweeps every server process schedules on a timer; each runs in one process at a time (the rest skip that turn). */
const SWEEPS: Array<{ label: string; action: Action<undefined, unknown, "system">; everyMs: number }> = [
  { label: "status sweep", action: clearExpiredStatuses, everyMs: 30_000 },
  { label: "ring sweep", action: expireUnansweredCalls, everyMs: 2_000 },
  { label: "SAML sweep", action: sweepExpiredSamlState, everyMs: 10 * 60_000 },
  { label: "upload sweep", action: sweepAbandonedUploads, everyMs: 10 * 60_000 },
  { label: "response_url sweep", action: sweepExpiredResponseUrls, everyMs: 10 * 60_000 },
  { label: "Socket Mode sweep", action: sweepStaleSocketConnections, everyMs: 60_000 },
  // Each workspace's run is daily; this is how often the job looks for one that is due.
  { label: "retention", action: applyRetention, everyMs: 60 * 60_000 },
];

/**
 * The process's background work: presence's heartbeat, the durable-job worker and the sweeps. The returned stop ends
 * them and waits for work already under way (link preview refreshes and the like) before the process exits.
 */
export function startJobs(): () => Promise<void> {
  presence();
  const stopWorker = startJobWorker();
  const timers = SWEEPS.map(({ label, action, everyMs }) => {
    const sweep = () => dbHandle().exclusively(`confab:${label}`, () => runAction(SYSTEM, action, undefined));
    const timer = setInterval(() => void sweep().catch((error) => log().error({ err: error }, `[jobs] ${label} failed`)), everyMs);
    timer.unref();
    return timer;
  });
  return async () => {
    for (const timer of timers) clearInterval(timer);
    stopWorker();
    await presence().close();
    await backgroundSettled();
  };
}
