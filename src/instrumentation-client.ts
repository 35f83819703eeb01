import { config } from "zod";

// Runs before the app's own code in the browser. The pages' CSP allows no eval: zod would try `new Function` (as its
// first schema is made) to see whether it may compile its parsers, and the browser would report a violation on every
// page. It parses without compiling instead.
config({ jitless: true });
