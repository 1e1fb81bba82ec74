// Prints "label: N passed, N failed, N skipped" for vitest JSON reports; with several reports the
// counts are added up. Exits 1 when a report is missing or no test ran at all.
// Usage: node .ci/summarize.mjs <label> <report.json> [more reports...]
import { existsSync, readFileSync } from 'node:fs';

const [label, ...files] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`${label}: no vitest JSON report at ${file}`);
    process.exit(1);
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
console.log(`${label}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed + failed === 0) {
  console.error(`${label}: no test ran`);
  process.exit(1);
}
