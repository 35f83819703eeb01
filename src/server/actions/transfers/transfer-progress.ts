import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { dataTransfers, type TransferReport } from "../../db/schema";

/**
 * A transfer's progress, written as it goes in statements of their own (outside any long transaction), a few times a
 * second at most, for the admin's progress bar.
 */
export class TransferProgress {
  private lastWrite = 0;
  private steps = 0;
  readonly report: TransferReport = { counts: {}, skipped: [] };
  constructor(
    private readonly db: Db,
    readonly transferId: string,
  ) {}

  count(what: string, by = 1) {
    this.report.counts[what] = (this.report.counts[what] ?? 0) + by;
  }

  skip(what: string, why: string) {
    // A report a person reads: the first thousand reasons, then only the count.
    if (this.report.skipped.length < 1000) this.report.skipped.push({ what, why });
    this.count("skipped");
  }

  async phase(phase: string, total: number) {
    this.steps = 0;
    await this.db.update(dataTransfers).set({ status: "running", phase, done: 0, total }).where(eq(dataTransfers.id, this.transferId));
    this.lastWrite = Date.now();
  }

  async advance(done: number) {
    if (Date.now() - this.lastWrite < 250) return;
    this.lastWrite = Date.now();
    await this.db.update(dataTransfers).set({ done }).where(eq(dataTransfers.id, this.transferId));
  }

  /** One more unit of the current phase done (a day file, a page of messages). */
  async step(by = 1) {
    this.steps += by;
    await this.advance(this.steps);
  }

  async finish(fields: { storageKey?: string; size?: number } = {}) {
    await this.db
      .update(dataTransfers)
      .set({ status: "done", phase: "done", report: this.report, finishedAt: new Date(), ...fields })
      .where(eq(dataTransfers.id, this.transferId));
  }
}
