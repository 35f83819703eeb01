import { writeWidgetBundle } from "../src/server/transport/support/widget-bundle";

/** Part of `npm run build`: the live-chat widget's bundle, with its sizes (the budget: under 150 KB gzipped). */
const bundle = await writeWidgetBundle();
for (const file of [bundle.js, bundle.css]) console.log(`widget: ${file.name} ${(file.body.length / 1024).toFixed(1)} KB, ${(file.gzipped.length / 1024).toFixed(1)} KB gzipped`);
