/** A line of the bench's table, shared by run.ts and the sections that live in modules of their own. */
import type { StreamClient } from "./clients";

export interface Row {
  section: string;
  measure: string;
  confab: number;
  baseline: number | null;
  unit: string;
  /** Lower is better (latency, memory) or higher (throughput). */
  better: "lower" | "higher";
  target: { text: string; met: boolean };
  /** What the figure was measured under, on each side: the delivery window's sends and deliveries, the clients. */
  load?: { confab: Load; baseline: Load };
}
export interface Clients {
  clients: number;
  connected: number;
  cutOff: number;
}
export type Load = Clients & { achievedRate?: number; offeredRate?: number; delivered?: number; expected?: number };
export const clientsOf = (clients: StreamClient[]): Clients => {
  const cutOff = clients.filter((client) => client.cutOff).length;
  return { clients: clients.length, connected: clients.length - cutOff, cutOff };
};
export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
export const log = (line: string) => console.log(`[bench] ${line}`);
