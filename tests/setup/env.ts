import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// Before anything reads settings: a private data folder and a fixed secret, so tests never touch .data/.
process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "confab-test-"));
process.env.AUTH_SECRET = "test-secret-test-secret-test-secret-test";
