import { expireUnansweredCalls } from "./actions/calls/leave-call";
import { sweepExpiredSamlState } from "./actions/sso/sign-in";
import { clearExpiredStatuses } from "./actions/users/set-status";
import { presence } from "./presence";

const STATUS_SWEEP_MS = 30_000;
const RING_SWEEP_MS = 2_000;
const SAML_SWEEP_MS = 10 * 60_000;

/** Chores every server process runs on a timer; each is safe with several processes doing it at once. */
export function startHousekeeping() {
  presence();
  const timer = setInterval(() => void clearExpiredStatuses().catch((error) => console.error("[housekeeping] status sweep failed:", error)), STATUS_SWEEP_MS);
  timer.unref();
  const ringTimer = setInterval(() => void expireUnansweredCalls().catch((error) => console.error("[housekeeping] ring sweep failed:", error)), RING_SWEEP_MS);
  ringTimer.unref();
  const samlTimer = setInterval(() => void sweepExpiredSamlState().catch((error) => console.error("[housekeeping] SAML sweep failed:", error)), SAML_SWEEP_MS);
  samlTimer.unref();
  return async () => {
    clearInterval(timer);
    clearInterval(ringTimer);
    clearInterval(samlTimer);
    await presence().close();
  };
}
