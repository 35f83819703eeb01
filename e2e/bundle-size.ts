import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const NEXT_DIR = path.join(process.cwd(), ".next");

const APP = "[project]/src/app";

/**
 * The JavaScript a browser downloads on the first load of an App Router route, gzipped, as the production build
 * lays it out: the runtime every page loads (rootMainFiles), plus the entry chunks of every layout above the route
 * and of its own page, each counted once. Polyfills are left out: modern browsers skip them (nomodule).
 */
export function firstLoadJsBytes(route: string): { bytes: number; files: string[] } {
  const page = `${route}/page`;
  const buildManifest = JSON.parse(readFileSync(path.join(NEXT_DIR, "server/app", page, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const reference = readFileSync(path.join(NEXT_DIR, "server/app", `${page}_client-reference-manifest.js`), "utf8");
  const entries = JSON.parse(/"entryJSFiles":(\{[^}]*\})/.exec(reference)![1]!) as Record<string, string[]>;
  const onTheWay = (entry: string) => entry === `${APP}${page}` || (entry.endsWith("/layout") && page.startsWith(entry.slice(APP.length, -"layout".length)));
  const files = new Set([...buildManifest.rootMainFiles, ...Object.entries(entries).flatMap(([entry, chunks]) => (onTheWay(entry) ? chunks : []))]);
  let bytes = 0;
  for (const file of files) bytes += gzipSync(readFileSync(path.join(NEXT_DIR, file)), { level: 9 }).length;
  return { bytes, files: [...files] };
}

export function gzippedBytes(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}
