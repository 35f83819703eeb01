import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "@/env";

const WINDOW_SECONDS = 15 * 60;

export interface SignInLimiters {
  perAccount: RateLimiterAbstract;
  perIp: RateLimiterAbstract;
  /** Password-reset emails: a few per address and per client an hour, so the form cannot flood an inbox. */
  resetPerAccount: RateLimiterAbstract;
  resetPerIp: RateLimiterAbstract;
}

const storeKey = Symbol.for("confab.rateLimitStore");
type GlobalWithStore = typeof globalThis & { [storeKey]?: Redis | null };

/** One Redis connection for every limiter of the process, when there is a Redis. */
function store(): Redis | null {
  const g = globalThis as GlobalWithStore;
  if (g[storeKey] === undefined) g[storeKey] = env().REDIS_URL ? new Redis(env().REDIS_URL!, { maxRetriesPerRequest: 2 }) : null;
  return g[storeKey];
}

/**
 * A limit of `points` per `duration` seconds per key. The counters live in Redis when there is one, so several
 * processes enforce one limit; while Redis is unreachable, each process keeps counting on its own rather than
 * letting everything through.
 */
export function sharedRateLimiter(name: string, points: number, duration: number): RateLimiterAbstract {
  const keyPrefix = `${env().REDIS_KEY_PREFIX}:${name}`;
  const memory = new RateLimiterMemory({ keyPrefix, points, duration });
  const storeClient = store();
  return storeClient ? new RateLimiterRedis({ storeClient, keyPrefix, points, duration, insuranceLimiter: memory }) : memory;
}

function create(): SignInLimiters {
  const make = (name: string, points: number, duration = WINDOW_SECONDS) => sharedRateLimiter(name, points, duration);
  return {
    perAccount: make("signin-fail-account", 10),
    perIp: make("signin-fail-ip", 50),
    resetPerAccount: make("reset-request-account", 3, 60 * 60),
    resetPerIp: make("reset-request-ip", 20, 60 * 60),
  };
}

const globalKey = Symbol.for("confab.signInLimiters");
type GlobalWithLimiters = typeof globalThis & { [globalKey]?: SignInLimiters };

function limiters(): SignInLimiters {
  const g = globalThis as GlobalWithLimiters;
  g[globalKey] ??= create();
  return g[globalKey];
}

/** Seconds until the account or the address may try again, or 0 when neither is locked out. */
export async function signInLockout(email: string, ip: string): Promise<number> {
  const { perAccount, perIp } = limiters();
  const [account, address] = await Promise.all([perAccount.get(email), perIp.get(ip)]);
  const blocked = [
    account && account.consumedPoints >= perAccount.points ? account : null,
    address && address.consumedPoints >= perIp.points ? address : null,
  ].filter((res): res is RateLimiterRes => res !== null);
  return blocked.length === 0 ? 0 : Math.ceil(Math.max(...blocked.map((res) => res.msBeforeNext)) / 1000);
}

export async function recordFailedSignIn(email: string, ip: string): Promise<void> {
  const { perAccount, perIp } = limiters();
  // consume() rejects once the limit is passed; the lockout check above is what enforces it.
  await Promise.allSettled([perAccount.consume(email), perIp.consume(ip)]);
}

export async function clearFailedSignIns(email: string): Promise<void> {
  await limiters().perAccount.delete(email);
}

/** Counts a password-reset request; false when the address or the client asked too often this hour. */
export async function allowResetRequest(email: string, ip: string): Promise<boolean> {
  const { resetPerAccount, resetPerIp } = limiters();
  const results = await Promise.allSettled([resetPerAccount.consume(email), resetPerIp.consume(ip)]);
  return results.every((result) => result.status === "fulfilled");
}
