#!/usr/bin/env node
/**
 * `npm test`: every test.
 * 1. Vitest: unit tests, and integration tests on PGlite, plus on PostgreSQL + Redis when DATABASE_URL (and
 *    REDIS_URL) are set: each run in fresh databases made from DATABASE_URL's server and dropped afterwards.
 * 2. The production build, then Playwright's end-to-end journeys against it (on a fresh PostgreSQL database when
 *    DATABASE_URL is set, else on PGlite in a temporary folder), plus a dev-server hydration check.
 * 3. The benchmark's smoke test: `npm run bench -- --quick` runs and writes results that hold every section.
 * Prints one closing line with the totals.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

const reports = mkdtempSync(path.join(os.tmpdir(), "confab-test-reports-"));
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = [];
// Named again at the very end, so that the tail of a long CI log says which tests broke.
const failedTests = [];

function run(step, command, args, env = process.env) {
  console.log(`\n▶ ${step}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) failedSteps.push(step);
  return result.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function collectPlaywrightFailures(suites) {
  for (const suite of suites) {
    for (const spec of suite.specs ?? [])
      if (spec.tests?.some((test) => test.status === "unexpected")) failedTests.push(`${spec.file} › ${spec.title}`);
    collectPlaywrightFailures(suite.suites ?? []);
  }
}

function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

// 1. Vitest
const vitestReport = path.join(reports, "vitest.json");
run("unit and integration", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]);
const vitest = readJson(vitestReport);
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
  for (const file of vitest.testResults ?? [])
    for (const test of file.assertionResults ?? [])
      if (test.status === "failed") failedTests.push(`${path.relative(process.cwd(), file.name)} › ${test.fullName}`);
  if (vitest.numFailedTests === 0 && vitest.numFailedTestSuites > 0) failedTests.push("a Vitest file failed to load (see above)");
} else failedSteps.push("vitest report");

// 2. End to end
const e2eEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reports, "playwright.json") };
let e2eDatabase;
let admin;
if (process.env.DATABASE_URL) {
  e2eDatabase = `confab_e2e_${Date.now().toString(36)}_${process.pid}`;
  admin = postgres(withDatabase(process.env.DATABASE_URL, "postgres"), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${e2eDatabase}`);
  e2eEnv.DATABASE_URL = withDatabase(process.env.DATABASE_URL, e2eDatabase);
}
try {
  const haveChromium = process.env.CHROMIUM_PATH || existsSync("/usr/bin/chromium");
  // Where there is no system Chromium (a developer's machine with internet), Playwright fetches its own once.
  if (!haveChromium) run("browser", "npx", ["playwright", "install", "chromium"]);
  if (run("production build", "npm", ["run", "build"], e2eEnv)) {
    run("end to end", "npx", ["playwright", "test", "--reporter=list,json"], e2eEnv);
    const playwright = readJson(e2eEnv.PLAYWRIGHT_JSON_OUTPUT_NAME);
    if (playwright) {
      totals.passed += playwright.stats.expected + playwright.stats.flaky;
      totals.failed += playwright.stats.unexpected;
      totals.skipped += playwright.stats.skipped;
      collectPlaywrightFailures(playwright.suites ?? []);
    } else failedSteps.push("playwright report");
  }
} finally {
  if (admin) {
    await admin.unsafe(`drop database if exists ${e2eDatabase} with (force)`);
    await admin.end();
  }
}

// 3. Benchmark smoke test (figures are printed, never asserted: timing does not belong in tests).
const benchDir = path.join(reports, "bench");
if (run("benchmark smoke test", "node", ["--import", "tsx", "bench/run.ts", "--quick", "--out", benchDir])) {
  const [file] = existsSync(benchDir) ? readdirSync(benchDir) : [];
  const result = file && readJson(path.join(benchDir, file));
  const sections = new Set(result?.rows?.map((row) => row.section));
  const problems = [
    !result && "no results file",
    ...["a", "b", "c", "d", "e", "g", "h", "i", "j", "k"].filter((section) => !sections.has(section)).map((section) => `section (${section}) missing`),
    ...(result?.rows ?? []).filter((row) => !Number.isFinite(row.confab) || (row.baseline !== null && !Number.isFinite(row.baseline))).map((row) => `not a number: ${row.measure}`),
    ...(result?.rows ?? []).filter((row) => row.section === "a" && row.measure.endsWith("deliveries/s") && !(row.confab > 0)).map((row) => `nothing delivered: ${row.measure}`),
  ].filter(Boolean);
  if (problems.length === 0) totals.passed++;
  else {
    console.log(`Benchmark results are not valid: ${problems.join("; ")}`);
    totals.failed++;
  }
} else totals.failed++;

if (failedTests.length > 0) console.log(`\nFailed tests:\n${failedTests.map((name) => `  ✗ ${name}`).join("\n")}`);
if (failedSteps.length > 0) console.log(`\nFailed steps: ${[...new Set(failedSteps)].join(", ")}`);
console.log(`\nTotal: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length > 0 || totals.failed > 0 || totals.passed === 0 ? 1 : 0);
