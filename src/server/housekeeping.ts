import { expireUnansweredCalls } from "./actions/calls/expire-unanswered-calls";
import { runAction, SYSTEM } from "./actions/context";
import { sweepAbandonedUploads } from "./actions/files/sweep-abandoned-uploads";
import { sweepExpiredSamlState } from "./actions/sso/sweep-expired-saml-state";
import { clearExpiredStatuses } from "./actions/users/clear-expired-statuses";
import { presence } from "./presence";
// The job kinds register their handlers as their modules load; the worker must know all of them.
import "./actions/messages/notify-recipients";
import { startJobWorker } from "./jobs/queue";

const STATUS_SWEEP_MS = 30_000;
const RING_SWEEP_MS = 2_000;
const SLOW_SWEEP_MS = 10 * 60_000;

/** Chores every server process runs on a timer, and the durable-job worker; each is safe with several processes doing it at once. */
export function startHousekeeping() {
  presence();
  const stopJobs = startJobWorker();
  const timer = setInterval(() => void runAction(SYSTEM, clearExpiredStatuses, undefined).catch((error) => console.error("[housekeeping] status sweep failed:", error)), STATUS_SWEEP_MS);
  timer.unref();
  const ringTimer = setInterval(() => void runAction(SYSTEM, expireUnansweredCalls, undefined).catch((error) => console.error("[housekeeping] ring sweep failed:", error)), RING_SWEEP_MS);
  ringTimer.unref();
  const slowTimer = setInterval(() => {
    void runAction(SYSTEM, sweepExpiredSamlState, undefined).catch((error) => console.error("[housekeeping] SAML sweep failed:", error));
    void runAction(SYSTEM, sweepAbandonedUploads, undefined).catch((error) => console.error("[housekeeping] upload sweep failed:", error));
  }, SLOW_SWEEP_MS);
  slowTimer.unref();
  return async () => {
    clearInterval(timer);
    clearInterval(ringTimer);
    clearInterval(slowTimer);
    stopJobs();
    await presence().close();
  };
}
