// Prints each suite's counts from its jest JSON report (and the scenario counts of a conformance
// report, `kind: "conformance"`, which the total of tests leaves out), then the steps that failed,
// then the total `N passed, N failed` as the last line. Exits 1 when a test, a scenario or a step
// failed, a report is missing, or nothing passed.
// Usage: node .ci/summary.mjs <results dir> <suite label>... -- [failed step name]...
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, ...rest] = process.argv.slice(2);
const separator = rest.includes('--') ? rest.indexOf('--') : rest.length;
const suites = rest.slice(0, separator);
const failedSteps = rest.slice(separator + 1);
let passed = 0;
let failed = 0;
let broken = false;
for (const label of suites) {
  const file = join(dir, `${label}.json`);
  if (!existsSync(file)) {
    console.log(`${label}: no report (the suite did not run to the end)`);
    broken = true;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if (report.kind === 'conformance') {
    const { counts } = report;
    if (report.problems.length > 0) broken = true;
    console.log(
      `${label}: ${counts.scenarios} scenarios, ${counts.passed} passed, ${counts.failed} failed, ` +
        `${counts.expectedFailures} expected failures (baseline)` +
        (counts.stale > 0 ? `, ${counts.stale} stale baseline entries` : ''),
    );
    continue;
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  const suiteErrors = report.numRuntimeErrorTestSuites ?? 0;
  if (suiteErrors > 0) broken = true;
  console.log(
    `${label}: ${report.numPassedTests} passed, ${report.numFailedTests} failed` +
      (suiteErrors > 0 ? `, ${suiteErrors} suites failed to run` : ''),
  );
}
for (const step of failedSteps) console.log(`failed step: ${step}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(
  failed > 0 || passed === 0 || broken || failedSteps.length > 0 ? 1 : 0,
);
