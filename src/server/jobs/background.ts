const running = new Set<Promise<void>>();
import { log } from "../observability/log";

/** Starts work that must not hold up the request that caused it (a send, an edit); its failure is logged. */
export function runInBackground(label: string, work: () => Promise<unknown>): void {
  const task = work()
    .then(() => undefined)
    .catch((error) => log().error({ err: error }, `[${label}] failed`))
    .finally(() => running.delete(task));
  running.add(task);
}

/** Resolves when every piece of background work under way has finished (shutdown, and tests before teardown). */
export async function backgroundSettled(): Promise<void> {
  while (running.size > 0) await Promise.all(running);
}
