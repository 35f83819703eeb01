import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../src/env";

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), "confab-env-"));

describe("settings", () => {
  it("uses the embedded defaults when nothing is set", () => {
    const dir = tempDir();
    const env = parseEnv({ DATA_DIR: dir });
    expect(env).toMatchObject({ PORT: 3000, HOSTNAME: "localhost", NODE_ENV: "development", TRUST_PROXY: false });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.dataDir).toBe(path.resolve(dir));
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ DATA_DIR: tempDir(), PORT: "eighty" })).toThrow(/PORT/);
    expect(() => parseEnv({ DATA_DIR: tempDir(), PORT: "70000" })).toThrow(/PORT/);
    expect(() => parseEnv({ DATA_DIR: tempDir(), DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must start with postgres:\/\//);
    expect(() => parseEnv({ DATA_DIR: tempDir(), REDIS_URL: "localhost:6379" })).toThrow(/REDIS_URL/);
    expect(() => parseEnv({ DATA_DIR: tempDir(), AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET: must be at least 32/);
    expect(() => parseEnv({ DATA_DIR: tempDir(), PROCESSES: "many" })).toThrow(/PROCESSES/);
    expect(() => parseEnv({ DATA_DIR: tempDir(), PROCESSES: "0" })).toThrow(/PROCESSES: must be at least 1/);
  });

  it("runs one process unless told otherwise, and several only over a shared database and Redis", () => {
    const shared = { DATA_DIR: tempDir(), DATABASE_URL: "postgres://localhost/confab", REDIS_URL: "redis://localhost:6379" };
    expect(parseEnv({ DATA_DIR: tempDir() }).PROCESSES).toBe(1);
    expect(parseEnv({ ...shared, PROCESSES: "4" }).PROCESSES).toBe(4);
    expect(parseEnv({ ...shared, PROCESSES: "auto" }).PROCESSES).toBe(os.availableParallelism());
    expect(() => parseEnv({ ...shared, REDIS_URL: "", PROCESSES: "2" })).toThrow(/PROCESSES: 2 processes share one database and one event bus/);
    expect(() => parseEnv({ ...shared, DATABASE_URL: "", PROCESSES: "2" })).toThrow(/set DATABASE_URL and REDIS_URL/);
  });

  it("generates AUTH_SECRET once in development and keeps it in the data folder", () => {
    const dir = tempDir();
    const first = parseEnv({ DATA_DIR: dir });
    expect(first.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dir, "auth-secret"), "utf8")).toBe(first.AUTH_SECRET);
    expect(parseEnv({ DATA_DIR: dir }).AUTH_SECRET).toBe(first.AUTH_SECRET);
  });

  it("requires AUTH_SECRET in production instead of inventing one", () => {
    const dir = tempDir();
    expect(() => parseEnv({ DATA_DIR: dir, NODE_ENV: "production" })).toThrow(/AUTH_SECRET: required in production/);
    expect(existsSync(path.join(dir, "auth-secret"))).toBe(false);
    expect(parseEnv({ DATA_DIR: dir, NODE_ENV: "production", AUTH_SECRET: "x".repeat(32) }).AUTH_SECRET).toBe("x".repeat(32));
  });
});
