import { describe, expect, it, vi } from "vitest";
import { safeCallbackUrl } from "../../src/shared/urls";
import { initials } from "../../src/shared/users";
import { slugify, workspaceSlug } from "../../src/shared/workspaces";

describe("workspace URLs", () => {
  it("suggests a slug from a name", () => {
    expect(slugify("Acme Corp.")).toBe("acme-corp");
    expect(slugify("  Ünïcödé  Café ")).toBe("unicode-cafe");
    expect(slugify("---")).toBe("");
    expect(slugify("a".repeat(60))).toHaveLength(40);
  });

  it("accepts only lowercase words joined by single dashes", () => {
    expect(workspaceSlug.safeParse("acme-2").success).toBe(true);
    expect(workspaceSlug.parse(" ACME ")).toBe("acme");
    for (const bad of ["a", "-acme", "acme-", "ac--me", "ac me", "acme_co"]) expect(workspaceSlug.safeParse(bad).success).toBe(false);
  });
});

describe("initials", () => {
  it("takes the first and last word", () => {
    expect(initials("Ana María López")).toBe("AL");
    expect(initials("ben")).toBe("B");
    expect(initials("  ")).toBe("?");
  });
});

describe("callback URLs after sign-in", () => {
  it("stay on this site", () => {
    expect(safeCallbackUrl("/invite/abc")).toBe("/invite/abc");
    expect(safeCallbackUrl("https://evil.example")).toBe("/");
    expect(safeCallbackUrl("//evil.example")).toBe("/");
    expect(safeCallbackUrl("/\\evil.example")).toBe("/");
    expect(safeCallbackUrl(undefined)).toBe("/");
  });
});

describe("emoji search", () => {
  it("finds emoji by name, shortcode and keyword, best match first", async () => {
    const { searchEmoji } = await import("@/features/messages/emoji-catalog");
    expect(searchEmoji("eyes")[0]?.emoji).toBe("👀");
    expect(searchEmoji("tada")[0]?.emoji).toBe("🎉");
    expect(searchEmoji(":thumbs up:")[0]?.emoji).toBe("👍");
    expect(searchEmoji("red heart")[0]?.emoji).toBe("❤️");
    expect(searchEmoji("rock").map((entry) => entry.emoji)).toContain("🚀");
    expect(searchEmoji("no such emoji anywhere")).toEqual([]);
  });
});

describe("reconnect backoff", () => {
  it("doubles up to 30 s with jitter in the upper half of each step", async () => {
    const { reconnectDelay } = await import("@/client/connection");
    expect([0, 1, 2, 3].map((attempt) => reconnectDelay(attempt, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect([0, 1, 2, 3].map((attempt) => reconnectDelay(attempt, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect(reconnectDelay(20, () => 1)).toBe(30_000);
    expect(reconnectDelay(20, () => 0)).toBe(15_000);
  });

  it("is online only once the stream is confirmed, and a socket that opens and drops between retries keeps it reconnecting", async () => {
    const { connectionStore } = await import("@/client/connection");
    let emit: (state: { state: string }) => void = () => {};
    const wsClient = { connectionState: { subscribe: (observer: { next: typeof emit }) => void (emit = observer.next) } };
    const store = connectionStore();
    store.follow(wsClient as unknown as Parameters<typeof store.follow>[0]);
    const seen: string[] = [];
    store.subscribe(() => seen.push(store.getSnapshot()));

    emit({ state: "connecting" });
    emit({ state: "pending" });
    expect(store.getSnapshot()).toBe("connecting");
    store.streamReady();
    emit({ state: "connecting" });
    for (let retry = 0; retry < 3; retry++) {
      emit({ state: "pending" });
      emit({ state: "connecting" });
    }
    store.streamReady();
    expect(seen).toEqual(["online", "reconnecting", "online"]);
  });

  it("waits out the backoff between attempts unless the network returns, and starts over once the stream is confirmed", async () => {
    const { connectionStore } = await import("@/client/connection");
    vi.useFakeTimers();
    try {
      const store = connectionStore(() => 1);
      const waited = async () => {
        const started = Date.now();
        let finished: number | null = null;
        const attempt = store.beforeAttempt().then(() => void (finished = Date.now()));
        while (finished === null && Date.now() - started < 60_000) await vi.advanceTimersByTimeAsync(50);
        await attempt;
        return finished! - started;
      };
      expect(await waited()).toBe(0);
      const backoff = [];
      for (let retry = 0; retry < 7; retry++) backoff.push(await waited());
      expect(backoff).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000]);

      // At the ceiling a wait is 30 s; the network coming back ends it at once, and the next wait is the ceiling again.
      const started = Date.now();
      const attempt = store.beforeAttempt();
      await vi.advanceTimersByTimeAsync(1_000);
      store.networkBack();
      await attempt;
      expect(Date.now() - started).toBe(1_000);
      expect(await waited()).toBe(30_000);

      store.streamReady();
      expect(await waited()).toBe(500);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("typing", () => {
  it("says who is typing, forgets a typer after six silent seconds or when their message lands", async () => {
    const { describeTyping, typingStore } = await import("@/client/typing");
    expect([[], ["Ana"], ["Ana", "Ben"], ["Ana", "Ben", "Cy"]].map(describeTyping)).toEqual([
      null,
      "Ana is typing…",
      "Ana and Ben are typing…",
      "Several people are typing…",
    ]);
    typingStore.heard("c1", null, "ana", 1_000);
    typingStore.heard("c1", "t1", "ben", 1_000);
    expect(typingStore.typing("c1", null, 6_999)).toEqual(["ana"]);
    expect(typingStore.typing("c1", null, 7_000)).toEqual([]);
    expect(typingStore.typing("c1", "t1", 2_000)).toEqual(["ben"]);
    typingStore.sent("c1", "t1", "ben");
    expect(typingStore.typing("c1", "t1", 2_000)).toEqual([]);
  });
});

describe("status expiry", () => {
  it("ends statuses when people expect, in their own time zone", async () => {
    const { statusExpiry, tomorrowMorning } = await import("@/shared/status-expiry");
    const wednesdayNoon = new Date(2026, 10, 25, 12, 0);
    expect(statusExpiry("30m", wednesdayNoon)).toEqual(new Date(2026, 10, 25, 12, 30));
    expect(statusExpiry("4h", wednesdayNoon)).toEqual(new Date(2026, 10, 25, 16, 0));
    expect(statusExpiry("today", wednesdayNoon)).toEqual(new Date(2026, 10, 26));
    expect(statusExpiry("week", wednesdayNoon)).toEqual(new Date(2026, 10, 30));
    expect(statusExpiry("week", new Date(2026, 10, 29, 20))).toEqual(new Date(2026, 10, 30));
    expect(statusExpiry("week", new Date(2026, 10, 30, 8))).toEqual(new Date(2026, 11, 7));
    expect(statusExpiry("never", wednesdayNoon)).toBeNull();
    expect(tomorrowMorning(wednesdayNoon)).toEqual(new Date(2026, 10, 26, 9));
  });
});

describe("tab title", () => {
  it("counts mentions and DM messages, marks other unread channels, and replaces its own earlier prefix", async () => {
    const { titleWithUnread } = await import("@/features/sidebar/unread-title");
    const channel = (unreadCount: number, mentionCount = 0, muted = false) => ({ kind: "public" as const, unreadCount, mentionCount, muted });
    const dm = (unreadCount: number, muted = false) => ({ kind: "dm" as const, unreadCount, mentionCount: 0, muted });
    const title = "#general · Team · Confab";
    expect(titleWithUnread(title, [channel(0), dm(0)])).toBe(title);
    expect(titleWithUnread(title, [channel(4), dm(0)])).toBe(`* ${title}`);
    expect(titleWithUnread(title, [channel(4, 1), dm(2)])).toBe(`(3) ${title}`);
    expect(titleWithUnread(`(3) ${title}`, [channel(4)])).toBe(`* ${title}`);
    expect(titleWithUnread(`* ${title}`, [channel(0)])).toBe(title);
    expect(titleWithUnread(title, [channel(9, 0, true), dm(3, true)])).toBe(title);
    expect(titleWithUnread(title, [channel(9, 1, true)])).toBe(`(1) ${title}`);
  });
});
