// How one run of the MCP conformance suite's server scenarios is judged, from what the runner
// prints and saves (no jest involved). A scenario passes when none of its checks failed or
// warned, as the runner's own baseline mode judges; a scenario named in the baseline of expected
// failures must fail, and passing it is an error too (the entry is stale).

/** Scenario names listed under `server:` in a baseline file (a YAML list; `# reason` comments). */
export function baselineScenarios(text) {
  const names = [];
  let inServer = false;
  for (const line of text.split('\n')) {
    if (/^[A-Za-z]/.test(line))
      inServer = /^server:\s*(\[\s*\])?\s*(#.*)?$/.test(line);
    const entry = /^\s+-\s+([A-Za-z0-9_./-]+)/.exec(line);
    if (inServer && entry) names.push(entry[1]);
  }
  return names;
}

/** `{ name, passed, failed }` of each `✓ name: N passed, M failed` line after `=== SUMMARY ===`. */
export function summaryRows(stdout) {
  const summary = stdout.split('=== SUMMARY ===')[1] ?? '';
  return [
    ...summary.matchAll(/^[✓✗] (\S+): (\d+) passed, (\d+) failed$/gmu),
  ].map(([, name, passed, failed]) => ({
    name,
    passed: Number(passed),
    failed: Number(failed),
  }));
}

/**
 * The verdict of a run: `rows` from `summaryRows`, `warningsOf(name)` the scenario's WARNING
 * checks, `expected` the baseline's names. `problems` is empty exactly when the run is a pass.
 */
export function judgeRun(rows, warningsOf, expected) {
  const counts = {
    scenarios: rows.length,
    passed: 0,
    failed: 0,
    expectedFailures: 0,
    stale: 0,
  };
  const checks = { passed: 0, failed: 0, warnings: 0 };
  const problems = [];
  for (const { name, passed, failed } of rows) {
    const warnings = warningsOf(name);
    checks.passed += passed;
    checks.failed += failed;
    checks.warnings += warnings;
    const clean = failed === 0 && warnings === 0;
    if (expected.includes(name)) {
      if (clean) {
        counts.stale += 1;
        problems.push(
          `stale baseline entry (the scenario passes now): ${name}`,
        );
      } else counts.expectedFailures += 1;
    } else if (clean) counts.passed += 1;
    else {
      counts.failed += 1;
      problems.push(
        `failed: ${name} (${failed} checks failed, ${warnings} warned)`,
      );
    }
  }
  for (const name of expected) {
    if (!rows.some((row) => row.name === name)) {
      problems.push(`the baseline names a scenario that did not run: ${name}`);
    }
  }
  if (rows.length === 0) problems.push('no scenario ran');
  return { counts, checks, problems };
}

/** One line with the counts of a verdict. */
export function verdictLine({ counts, checks }) {
  return (
    `${counts.scenarios} scenarios, ${counts.passed} passed, ${counts.failed} failed, ` +
    `${counts.expectedFailures} expected failures (baseline)` +
    (counts.stale > 0 ? `, ${counts.stale} stale baseline entries` : '') +
    `; checks: ${checks.passed} passed, ${checks.failed} failed, ${checks.warnings} warnings`
  );
}
