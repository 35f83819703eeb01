import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The import rules of ARCHITECTURE (README, "Architecture"), checked on the source: a change that crosses a layer
 * fails here instead of in review.
 */
const root = path.resolve(import.meta.dirname, "../..");
const src = path.join(root, "src");

interface Import {
  from: string;
  /** The target, as a path relative to src/ when it is ours (no extension), or the package name. */
  target: string;
  ours: boolean;
  typeOnly: boolean;
  names: string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?([\s\S]*?)\s*from\s*["']([^"']+)["']|(?:^|\n)\s*import\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const from = path.relative(src, file).replace(/\.(ts|tsx)$/, "");
  const found: Import[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[4] ?? match[5] ?? match[6]!;
    const clause = match[3] ?? "";
    // Value names only: `import { type A, b }` brings in b; `import type { A }` nothing but types.
    const names = clause
      .replace(/[{}]/g, ",")
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part && !part.startsWith("type "))
      .map((part) => part.split(/\s+as\s+/)[0]!.trim());
    const typeOnly = Boolean(match[2]) || (clause !== "" && names.length === 0);
    let target = specifier;
    let ours = false;
    if (specifier.startsWith("@/")) [target, ours] = [specifier.slice(2), true];
    else if (specifier.startsWith(".")) [target, ours] = [path.relative(src, path.resolve(path.dirname(file), specifier)), true];
    found.push({ from, target, ours, typeOnly, names });
  }
  return found;
}

const allImports = sourceFiles(src).flatMap(importsOf);
const under = (prefix: string) => (modulePath: string) => modulePath === prefix || modulePath.startsWith(`${prefix}/`);
const within = (...prefixes: string[]) => (modulePath: string) => prefixes.some((prefix) => under(prefix)(modulePath));

function violations(rule: { files: (from: string) => boolean; forbidden: (entry: Import) => boolean }) {
  return allImports.filter((entry) => rule.files(entry.from) && rule.forbidden(entry)).map((entry) => `${entry.from} imports ${entry.target}${entry.names.length ? ` (${entry.names.join(", ")})` : ""}`);
}

const browserCode = within("client", "features", "components", "widget");
const libraries = within("server/db", "server/observability", "server/access", "server/queries", "server/events", "server/presence", "server/files", "server/calls", "server/auth", "server/email", "server/previews", "server/outbound", "server/slack", "server/support");
const isNextOrTrpc = (entry: Import) => !entry.ours && (/^@trpc\//.test(entry.target) || entry.target === "next" || entry.target.startsWith("next/"));
/** The process-wide instances an action must reach through its context, never directly. */
const GLOBALS: Record<string, string[]> = {
  "server/db/client": ["db", "dbHandle"],
  "server/events": ["bus"],
  "server/presence": ["presence"],
  "server/presence/index": ["presence"],
  "server/files/storage": ["fileStorage"],
  "server/jobs/queue": ["pokeJobs"],
};

describe("layers", () => {
  it("reads the imports it checks", () => {
    // A parser that found nothing would pass every rule below.
    expect(allImports.filter((entry) => entry.from.startsWith("server/actions/")).length).toBeGreaterThan(100);
    expect(allImports.some((entry) => entry.from === "server/api/trpc" && entry.target === "server/actions/context" && entry.names.includes("userActor"))).toBe(true);
    expect(allImports.some((entry) => entry.from === "client/trpc" && entry.target === "server/api/root" && entry.typeOnly)).toBe(true);
  });

  it("browser code imports only types from the server", () => {
    expect(violations({ files: browserCode, forbidden: (entry) => entry.ours && under("server")(entry.target) && !entry.typeOnly })).toEqual([]);
  });

  it("shared code imports nothing of ours but shared code", () => {
    expect(violations({ files: under("shared"), forbidden: (entry) => entry.ours && !under("shared")(entry.target) })).toEqual([]);
  });

  it("actions import neither the transport nor tRPC nor Next", () => {
    expect(
      violations({ files: under("server/actions"), forbidden: (entry) => isNextOrTrpc(entry) || (entry.ours && within("server/api", "server/transport", "app", "features", "client")(entry.target)) }),
    ).toEqual([]);
  });

  it("actions reach the database, the bus, presence, storage and the job worker only through their context", () => {
    expect(
      violations({ files: under("server/actions"), forbidden: (entry) => entry.ours && !entry.typeOnly && (GLOBALS[entry.target] ?? []).some((name) => entry.names.includes(name)) }),
    ).toEqual([]);
  });

  it("libraries, queries and access checks never import actions, routers or the transport", () => {
    expect(violations({ files: libraries, forbidden: (entry) => entry.ours && !entry.typeOnly && within("server/actions", "server/api", "server/transport", "server/jobs/index")(entry.target) })).toEqual([]);
  });

  it("events define their own socket interface instead of importing tRPC's", () => {
    expect(violations({ files: under("server/events"), forbidden: (entry) => isNextOrTrpc(entry) || (entry.ours && within("server/api", "server/transport")(entry.target)) })).toEqual([]);
  });

  it("client code and components import no feature; features/common imports no other feature", () => {
    expect(violations({ files: within("client", "components"), forbidden: (entry) => entry.ours && under("features")(entry.target) })).toEqual([]);
    expect(violations({ files: under("features/common"), forbidden: (entry) => entry.ours && under("features")(entry.target) && !under("features/common")(entry.target) })).toEqual([]);
  });

  it("features import each other in one direction only: no cycle between feature folders", () => {
    const featureOf = (modulePath: string) => /^features\/([^/]+)\//.exec(modulePath)?.[1];
    const uses = new Map<string, Set<string>>();
    for (const entry of allImports) {
      const [from, to] = [featureOf(entry.from), entry.ours ? featureOf(entry.target) : undefined];
      if (from && to && from !== to) uses.set(from, (uses.get(from) ?? new Set()).add(to));
    }
    // Features do use each other (the shell shows the sidebar): the rule is that no use leads back.
    expect([...uses.values()].some((used) => used.size > 0)).toBe(true);
    const cycles = new Set<string>();
    const settled = new Set<string>();
    const visit = (feature: string, trail: string[]) => {
      if (trail.includes(feature)) return void cycles.add([...trail.slice(trail.indexOf(feature)), feature].join(" → "));
      if (settled.has(feature)) return;
      for (const next of uses.get(feature) ?? []) visit(next, [...trail, feature]);
      settled.add(feature);
    };
    for (const feature of uses.keys()) visit(feature, []);
    expect([...cycles]).toEqual([]);
  });

  it("routers touch the database only through actions and queries", () => {
    expect(
      violations({ files: under("server/api/routers"), forbidden: (entry) => (!entry.ours && entry.target.startsWith("drizzle-orm")) || (entry.ours && under("server/db")(entry.target)) }),
    ).toEqual([]);
  });
});
