import { eq } from "drizzle-orm";
import { Redis } from "ioredis";
import { env } from "@/env";
import { topics } from "@/shared/events";
import { db } from "../db/client";
import { workspaceMembers } from "../db/schema";
import { bus } from "../events";
import { MemoryPresenceStore, type Presence, type PresenceStore, RedisPresenceStore, type TabState } from "./store";
import { log } from "../observability/log";

/** A tab's deadline: refreshed every HEARTBEAT_MS by its process, so a crashed process's people lapse within it. */
export const TAB_TTL_MS = 60_000;
const HEARTBEAT_MS = 20_000;
const SWEEP_MS = 10_000;
/** Settled changes wait this long for others in the same workspace, and leave together. */
const BATCH_MS = 200;
/**
 * A workspace whose last announcement carried many people waits longer before the next, up to this: each
 * announcement is one frame to every tab of the workspace, and 10,000 people arriving within a minute announced every
 * BATCH_MS kept a server's main thread busy writing those frames (a third of its CPU, a fifth more collecting their
 * garbage) until connecting took twice the minute. Fewer, fuller frames; a small workspace keeps BATCH_MS.
 */
const MOST_BATCH_MS = 2000;
const PEOPLE_PER_BATCH = 10;

/**
 * Who is online, per process: the tabs this process holds (one per open event stream), kept alive in the shared
 * store, and the coalesced announcements of each person's presence to their workspaces.
 */
export class PresenceService {
  private readonly localTabs = new Map<string, { userId: string; state: TabState }>();
  private readonly settling = new Map<string, NodeJS.Timeout>();
  private readonly announced = new Map<string, Presence | "offline">();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly outbox = new Map<string, Map<string, Presence | "offline">>();
  private readonly flushing = new Map<string, NodeJS.Timeout>();
  /** Per workspace, how long its next announcement waits: longer after a crowded one. */
  private readonly batchMs = new Map<string, number>();

  constructor(
    readonly store: PresenceStore,
    private readonly settleMs: number,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    this.timers.push(setInterval(() => void this.heartbeat(), HEARTBEAT_MS).unref());
    this.timers.push(setInterval(() => void this.sweep(), SWEEP_MS).unref());
  }

  async openTab(userId: string, tabId: string, state: TabState) {
    this.localTabs.set(tabId, { userId, state });
    await this.store.put(userId, tabId, state, Date.now() + TAB_TTL_MS);
    this.settle(userId);
  }

  async setTabState(userId: string, tabId: string, state: TabState) {
    const tab = this.localTabs.get(tabId);
    if (tab && tab.userId !== userId) return;
    if (tab) tab.state = state;
    await this.store.put(userId, tabId, state, Date.now() + TAB_TTL_MS);
    this.settle(userId);
  }

  async closeTab(userId: string, tabId: string) {
    this.localTabs.delete(tabId);
    await this.store.remove(userId, tabId);
    this.settle(userId);
  }

  presenceOf(userIds: string[]) {
    return this.store.presenceOf(userIds, Date.now());
  }

  /** Announces a person's presence once it has held still for the settle time, and only if it changed. */
  private settle(userId: string) {
    clearTimeout(this.settling.get(userId));
    this.settling.set(
      userId,
      setTimeout(() => {
        this.settling.delete(userId);
        void this.announce(userId).catch((error) => log().error({ err: error }, "[presence] announce failed"));
      }, this.settleMs).unref(),
    );
  }

  private async announce(userId: string) {
    const presence = (await this.presenceOf([userId])).get(userId) ?? "offline";
    if (this.announced.get(userId) === presence) return;
    this.announced.set(userId, presence);
    if (presence === "offline") this.announced.delete(userId);
    const memberships = await db().select({ workspaceId: workspaceMembers.workspaceId }).from(workspaceMembers).where(eq(workspaceMembers.userId, userId));
    for (const { workspaceId } of memberships) {
      const changes = this.outbox.get(workspaceId) ?? new Map<string, Presence | "offline">();
      this.outbox.set(workspaceId, changes.set(userId, presence));
      if (!this.flushing.has(workspaceId)) {
        const flush = () => void this.flush(workspaceId).catch((error) => log().error({ err: error }, "[presence] announce failed"));
        this.flushing.set(workspaceId, setTimeout(flush, this.batchMs.get(workspaceId) ?? BATCH_MS).unref());
      }
    }
  }

  private async flush(workspaceId: string) {
    clearTimeout(this.flushing.get(workspaceId));
    this.flushing.delete(workspaceId);
    const changes = this.outbox.get(workspaceId);
    if (!changes) return;
    this.outbox.delete(workspaceId);
    const waitNext = Math.min(MOST_BATCH_MS, Math.max(BATCH_MS, (changes.size / PEOPLE_PER_BATCH) * BATCH_MS));
    if (waitNext === BATCH_MS) this.batchMs.delete(workspaceId);
    else this.batchMs.set(workspaceId, waitNext);
    await bus().publish(topics.workspace(workspaceId), { type: "presence.changed", workspaceId, changes: [...changes].map(([userId, presence]) => ({ userId, presence })) });
  }

  private async heartbeat() {
    const deadline = Date.now() + TAB_TTL_MS;
    await Promise.all([...this.localTabs].map(([tabId, tab]) => this.store.put(tab.userId, tabId, tab.state, deadline))).catch((error) =>
      log().error({ err: error }, "[presence] heartbeat failed"),
    );
  }

  /** People whose tabs lapsed (their process died) go offline. */
  async sweep(now = Date.now()) {
    const lapsed = await this.store.takeLapsed(now).catch((error) => {
      log().error({ err: error }, "[presence] sweep failed");
      return [];
    });
    for (const userId of lapsed) this.settle(userId);
  }

  /** On shutdown this process's people go offline now rather than when their tabs would lapse. */
  async close() {
    for (const timer of this.timers) clearInterval(timer);
    for (const timer of this.settling.values()) clearTimeout(timer);
    const people = new Set([...this.localTabs.values()].map((tab) => tab.userId));
    await Promise.allSettled([...this.localTabs].map(([tabId, tab]) => this.store.remove(tab.userId, tabId)));
    this.localTabs.clear();
    // Said now, not after the settle time: this process will not be here then.
    await Promise.allSettled([...people].map((userId) => this.announce(userId)));
    await Promise.all([...this.outbox.keys()].map((workspaceId) => this.flush(workspaceId)));
    await this.onClose();
  }
}

const globalKey = Symbol.for("confab.presence");
type GlobalWithPresence = typeof globalThis & { [globalKey]?: PresenceService };

export function presence(): PresenceService {
  const g = globalThis as GlobalWithPresence;
  if (!g[globalKey]) {
    const url = env().REDIS_URL;
    const redis = url ? new Redis(url, { maxRetriesPerRequest: 3 }) : null;
    redis?.on("error", (error) => log().error({ reason: error.message }, "[presence] redis"));
    g[globalKey] = new PresenceService(redis ? new RedisPresenceStore(redis, `${env().REDIS_KEY_PREFIX}:presence`) : new MemoryPresenceStore(), env().PRESENCE_SETTLE_MS, async () => {
      await redis?.quit();
    });
  }
  return g[globalKey];
}

export function setPresence(next: PresenceService | undefined) {
  (globalThis as GlobalWithPresence)[globalKey] = next;
}
