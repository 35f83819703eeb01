import { runAction, SYSTEM } from "../actions/context";
import { failTransfer } from "../actions/transfers/fail-transfer";
import { TRANSFER_JOB } from "../actions/transfers/start-transfer";
import { runExport } from "../actions/transfers/run-export";
import { runImport } from "../actions/transfers/run-import";
import { dbHandle } from "../db/client";
import { registerJobHandler } from "./queue";

/** Another process is running this transfer (its job's lease ran out while it works): look again later. */
const BUSY_RETRY_MS = 30_000;

/**
 * An export or import runs longer than a job's lease, so it holds a lock of its own: a second claim of the same job
 * (in this process or another) finds it taken and looks again later, and a finished transfer is not run twice.
 */
registerJobHandler(TRANSFER_JOB, async (job, now) => {
  const transferId = String(job.payload.transferId);
  const action = job.payload.kind === "import" ? runImport : runExport;
  const ran = await dbHandle().exclusively(`confab:transfer:${transferId}`, async () => {
    try {
      await runAction(SYSTEM, action, { transferId });
    } catch (error) {
      await runAction(SYSTEM, failTransfer, { transferId, error: error instanceof Error ? error.message : String(error) });
    }
    return true;
  });
  return ran ? undefined : { runAgainAt: new Date(now.getTime() + BUSY_RETRY_MS) };
});

