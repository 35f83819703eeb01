import type { Redis } from "ioredis";

export type TabState = "active" | "idle";
/** What others see: active in some tab, connected but idle or hidden everywhere, or (absent) offline. */
export type Presence = "active" | "away";

/**
 * Which tabs each person has open, each with a deadline its server process keeps pushing forward. A tab whose
 * process died stops being refreshed and lapses, so its person goes offline without anyone closing it.
 */
export interface PresenceStore {
  put(userId: string, tabId: string, state: TabState, expiresAt: number): Promise<void>;
  remove(userId: string, tabId: string): Promise<void>;
  presenceOf(userIds: string[], now: number): Promise<Map<string, Presence>>;
  /** Drops lapsed tabs; returns the people who had one, each claimed by exactly one caller. */
  takeLapsed(now: number): Promise<string[]>;
}

function summarize(tabs: Iterable<{ state: TabState; expiresAt: number }>, now: number): Presence | null {
  let presence: Presence | null = null;
  for (const tab of tabs) {
    if (tab.expiresAt <= now) continue;
    if (tab.state === "active") return "active";
    presence = "away";
  }
  return presence;
}

export class MemoryPresenceStore implements PresenceStore {
  private readonly tabs = new Map<string, Map<string, { state: TabState; expiresAt: number }>>();

  async put(userId: string, tabId: string, state: TabState, expiresAt: number) {
    const tabs = this.tabs.get(userId) ?? new Map();
    this.tabs.set(userId, tabs);
    tabs.set(tabId, { state, expiresAt });
  }

  async remove(userId: string, tabId: string) {
    const tabs = this.tabs.get(userId);
    tabs?.delete(tabId);
    if (tabs?.size === 0) this.tabs.delete(userId);
  }

  async presenceOf(userIds: string[], now: number) {
    const result = new Map<string, Presence>();
    for (const userId of userIds) {
      const presence = summarize(this.tabs.get(userId)?.values() ?? [], now);
      if (presence) result.set(userId, presence);
    }
    return result;
  }

  async takeLapsed(now: number) {
    const lapsed: string[] = [];
    for (const [userId, tabs] of this.tabs) {
      for (const [tabId, tab] of tabs) {
        if (tab.expiresAt > now) continue;
        tabs.delete(tabId);
        if (!lapsed.includes(userId)) lapsed.push(userId);
      }
      if (tabs.size === 0) this.tabs.delete(userId);
    }
    return lapsed;
  }
}

/** Shared by every server process: a hash of tabs per person and one sorted set of deadlines to find lapsed ones. */
export class RedisPresenceStore implements PresenceStore {
  private readonly deadlines: string;

  /** `namespace` keeps separate deployments (or test runs) on one Redis apart. */
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {
    this.deadlines = `${namespace}:deadlines`;
  }

  private tabsKey(userId: string) {
    return `${this.namespace}:tabs:${userId}`;
  }

  async put(userId: string, tabId: string, state: TabState, expiresAt: number) {
    await this.redis.multi().hset(this.tabsKey(userId), tabId, `${state}|${expiresAt}`).zadd(this.deadlines, expiresAt, `${userId}|${tabId}`).exec();
  }

  async remove(userId: string, tabId: string) {
    await this.redis.multi().hdel(this.tabsKey(userId), tabId).zrem(this.deadlines, `${userId}|${tabId}`).exec();
  }

  async presenceOf(userIds: string[], now: number) {
    const result = new Map<string, Presence>();
    if (userIds.length === 0) return result;
    const pipeline = this.redis.pipeline();
    for (const userId of userIds) pipeline.hgetall(this.tabsKey(userId));
    const replies = (await pipeline.exec()) ?? [];
    userIds.forEach((userId, index) => {
      const fields = (replies[index]?.[1] ?? {}) as Record<string, string>;
      const tabs = Object.values(fields).map((value) => {
        const [state, expiresAt] = value.split("|");
        return { state: state as TabState, expiresAt: Number(expiresAt) };
      });
      const presence = summarize(tabs, now);
      if (presence) result.set(userId, presence);
    });
    return result;
  }

  async takeLapsed(now: number) {
    const members = await this.redis.zrangebyscore(this.deadlines, "-inf", now);
    const lapsed = new Set<string>();
    for (const member of members) {
      // ZREM answers 1 to one process only: that process owns telling everyone.
      if ((await this.redis.zrem(this.deadlines, member)) !== 1) continue;
      const [userId, tabId] = member.split("|") as [string, string];
      const value = await this.redis.hget(this.tabsKey(userId), tabId);
      // Refreshed after the deadline was read: still alive.
      if (value && Number(value.split("|")[1]) > now) {
        await this.redis.zadd(this.deadlines, Number(value.split("|")[1]), member);
        continue;
      }
      await this.redis.hdel(this.tabsKey(userId), tabId);
      lapsed.add(userId);
    }
    return [...lapsed];
  }
}
