import { build, type Plugin } from "esbuild";
import { SERVER_ENTRY } from "./paths";
import { writeWidgetBundle } from "../src/server/transport/support/widget-bundle";

/**
 * Part of `npm run build`, after `next build`. The custom server, compiled once: its own modules bundled into one file,
 * packages left to node_modules (Next, the database drivers and the rest load as they do for Next's own code), so
 * production runs JavaScript instead of transpiling TypeScript at start-up. Then the live-chat widget's bundle, with
 * its sizes (the budget: under 150 KB gzipped).
 */
/**
 * Packages stay in node_modules, except JSON data (emojilib is a JSON file): Node's ESM loader would want an import
 * attribute for it.
 */
const packagesExceptJson: Plugin = {
  name: "packages-except-json",
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith("@/") || args.pluginData === "inner") return undefined;
      const resolved = await context.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: "inner" });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return resolved.path.endsWith(".json") ? resolved : { path: args.path, external: true };
    });
  },
};

const server = await build({
  entryPoints: ["src/server.ts"],
  outfile: SERVER_ENTRY,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.9",
  plugins: [packagesExceptJson],
  // tsconfig says react-jsx for Next; the server's few components (emails) need the same.
  jsx: "automatic",
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
  metafile: true,
});
const bytes = Object.values(server.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`server: ${SERVER_ENTRY} ${(bytes / 1024).toFixed(0)} KB with its source map, from ${Object.keys(server.metafile.inputs).length} modules`);

const bundle = await writeWidgetBundle();
for (const file of [bundle.js, bundle.css]) console.log(`widget: ${file.name} ${(file.body.length / 1024).toFixed(1)} KB, ${(file.gzipped.length / 1024).toFixed(1)} KB gzipped`);
