// Prints "N passed, N failed" from a vitest JSON report; exits 1 when no test ran or the file is missing.
import { existsSync, readFileSync } from 'node:fs';

const [file, label = 'tests'] = process.argv.slice(2);
if (!file || !existsSync(file)) {
  console.error(`${label}: no vitest JSON report at ${file}`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed + failed === 0) {
  console.error(`${label}: no test ran`);
  process.exit(1);
}
