// Reads vitest's and Playwright's JSON reports and prints the one line CI reads:
// `tests: N passed, M failed`. A report that should exist but does not counts as a failure.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? ".ci/out";
let passed = 0;
let failed = 0;
let skipped = 0;
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
for (const file of files) {
  try {
    const report = JSON.parse(readFileSync(join(dir, file), "utf8"));
    if (file.startsWith("vitest")) {
      passed += report.numPassedTests;
      failed += report.numFailedTests;
      skipped += report.numPendingTests + report.numTodoTests;
      // A file that failed to load has no tests but is still a failure.
      failed += (report.testResults ?? []).filter((r) => r.status === "failed" && (r.assertionResults ?? []).length === 0).length;
    } else {
      const s = report.stats;
      passed += s.expected + s.flaky;
      failed += s.unexpected;
      skipped += s.skipped;
      failed += (report.errors ?? []).length;
    }
  } catch (error) {
    console.error(`could not read ${file}: ${error.message}`);
    failed += 1;
  }
}
for (const expected of ["vitest-pglite.json", "playwright-pglite.json"]) {
  if (!files.includes(expected)) {
    console.error(`missing report ${expected}`);
    failed += 1;
  }
}
if (skipped) console.log(`(${skipped} skipped)`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
