// Prints the counts of one conformance run (see run-verdict.mjs), each problem on its own line,
// and writes them as JSON to [report.json] for the CI summary. Exits 1 unless the run passed.
// Usage: node scripts/conformance/summary.mjs <runner stdout> <output dir> <baseline.yml> [report.json]
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  baselineScenarios,
  judgeRun,
  summaryRows,
  verdictLine,
} from './run-verdict.mjs';

const [stdoutFile, outputDir, baselineFile, reportFile] = process.argv.slice(2);

/** WARNING checks the scenario saved in `<output dir>/server-<name>-<timestamp>/checks.json`. */
function warningsOf(name) {
  const prefix = `server-${name}-`;
  const dir = existsSync(outputDir)
    ? readdirSync(outputDir).find(
        (entry) =>
          entry.startsWith(prefix) &&
          /^\d{4}-/.test(entry.slice(prefix.length)),
      )
    : undefined;
  if (!dir) return 0;
  const checks = JSON.parse(
    readFileSync(join(outputDir, dir, 'checks.json'), 'utf8'),
  );
  return checks.filter((check) => check.status === 'WARNING').length;
}

const verdict = judgeRun(
  summaryRows(readFileSync(stdoutFile, 'utf8')),
  warningsOf,
  baselineScenarios(readFileSync(baselineFile, 'utf8')),
);
for (const problem of verdict.problems) console.log(`conformance: ${problem}`);
console.log(`conformance: ${verdictLine(verdict)}`);
if (reportFile) {
  writeFileSync(
    reportFile,
    JSON.stringify({ kind: 'conformance', ...verdict }, null, 2),
  );
}
process.exit(verdict.problems.length > 0 ? 1 : 0);
