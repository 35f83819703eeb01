import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { AcceptedPlugin } from "postcss";

/**
 * The live-chat widget is its own small bundle (React, the tRPC client, its screens), not a Next page: Next's
 * runtime alone is about as large as the whole budget for a script every visitor of a website downloads. It is
 * built with esbuild and Tailwind (scanning the widget's sources only) by `npm run build`, into .next, and built
 * on first use when there is no build (npm run dev).
 */
export interface WidgetAsset {
  name: string;
  type: string;
  body: Buffer;
  gzipped: Buffer;
}
export interface WidgetBundle {
  js: WidgetAsset;
  css: WidgetAsset;
}

const root = process.cwd();
export const WIDGET_BUILD_DIR = path.join(root, ".next", "confab-widget");

function asset(base: string, extension: string, type: string, body: Buffer): WidgetAsset {
  const hash = createHash("sha256").update(body).digest("base64url").slice(0, 12);
  return { name: `${base}.${hash}.${extension}`, type, body, gzipped: gzipSync(body, { level: 9 }) };
}

export async function buildWidgetBundle(): Promise<WidgetBundle> {
  const [{ build }, { default: postcss }, { default: tailwind }] = await Promise.all([import("esbuild"), import("postcss"), import("@tailwindcss/postcss")]);
  const script = await build({
    entryPoints: [path.join(root, "src/widget/main.tsx")],
    bundle: true,
    minify: true,
    write: false,
    format: "esm",
    target: "es2022",
    jsx: "automatic",
    legalComments: "none",
    alias: { "@": path.join(root, "src") },
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  const cssFile = path.join(root, "src/widget/widget.css");
  // The Tailwind plugin's type comes from its own copy of postcss's types; it is a postcss plugin all the same.
  const styles = await postcss([tailwind({ optimize: { minify: true } }) as unknown as AcceptedPlugin]).process(readFileSync(cssFile, "utf8"), { from: cssFile });
  return { js: asset("widget", "js", "text/javascript; charset=utf-8", Buffer.from(script.outputFiles[0]!.contents)), css: asset("widget", "css", "text/css; charset=utf-8", Buffer.from(styles.css)) };
}

/** `npm run build`: the bundle, written where the production server looks for it. */
export async function writeWidgetBundle(): Promise<WidgetBundle> {
  const bundle = await buildWidgetBundle();
  mkdirSync(WIDGET_BUILD_DIR, { recursive: true });
  for (const file of [bundle.js, bundle.css]) writeFileSync(path.join(WIDGET_BUILD_DIR, file.name), file.body);
  writeFileSync(path.join(WIDGET_BUILD_DIR, "manifest.json"), JSON.stringify({ js: bundle.js.name, css: bundle.css.name }));
  return bundle;
}

/** The built bundle, if `npm run build` made one. */
export function readBuiltWidgetBundle(): WidgetBundle | null {
  const manifestFile = path.join(WIDGET_BUILD_DIR, "manifest.json");
  if (!existsSync(manifestFile)) return null;
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { js: string; css: string };
  const read = (name: string, type: string): WidgetAsset => {
    const body = readFileSync(path.join(WIDGET_BUILD_DIR, name));
    return { name, type, body, gzipped: gzipSync(body, { level: 9 }) };
  };
  return { js: read(manifest.js, "text/javascript; charset=utf-8"), css: read(manifest.css, "text/css; charset=utf-8") };
}
