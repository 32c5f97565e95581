import { describe, expect, it } from '@jest/globals';
import {
  baselineScenarios,
  judgeRun,
  summaryRows,
  verdictLine,
} from './run-verdict.mjs';

const stdout = `
=== Running scenario: ping ===
Checks: ...

=== SUMMARY ===
✓ ping: 1 passed, 0 failed
✗ resources-subscribe: 0 passed, 1 failed
✓ server-sse-polling: 0 passed, 0 failed

Total: 1 passed, 1 failed
`;

describe('conformance run verdict', () => {
  it('reads every scenario of the runner summary with its check counts', () => {
    expect(summaryRows(stdout)).toEqual([
      { name: 'ping', passed: 1, failed: 0 },
      { name: 'resources-subscribe', passed: 0, failed: 1 },
      { name: 'server-sse-polling', passed: 0, failed: 0 },
    ]);
    expect(summaryRows('no summary here')).toEqual([]);
  });

  it('reads the server entries of a baseline, ignoring comments and client entries', () => {
    const text = [
      '# why each entry is here',
      'server:',
      '  # SDK v2 does not serve it',
      '  - resources-subscribe # reason',
      '  - server-sse-polling',
      'client:',
      '  - sse-retry',
    ].join('\n');
    expect(baselineScenarios(text)).toEqual([
      'resources-subscribe',
      'server-sse-polling',
    ]);
    expect(baselineScenarios('server: []\n')).toEqual([]);
  });

  it('passes a run whose failures are all in the baseline', () => {
    const verdict = judgeRun(summaryRows(stdout), () => 0, [
      'resources-subscribe',
    ]);
    expect(verdict.problems).toEqual([]);
    expect(verdict.counts).toEqual({
      scenarios: 3,
      passed: 2,
      failed: 0,
      expectedFailures: 1,
      stale: 0,
    });
    expect(verdictLine(verdict)).toBe(
      '3 scenarios, 2 passed, 0 failed, 1 expected failures (baseline); checks: 1 passed, 1 failed, 0 warnings',
    );
  });

  it('fails on a failure outside the baseline, a warning, a stale entry, an entry that did not run', () => {
    const warnings = (name) => (name === 'server-sse-polling' ? 2 : 0);
    const verdict = judgeRun(summaryRows(stdout), warnings, [
      'ping',
      'tools-call-sampling',
    ]);
    expect(verdict.problems).toEqual([
      'stale baseline entry (the scenario passes now): ping',
      'failed: resources-subscribe (1 checks failed, 0 warned)',
      'failed: server-sse-polling (0 checks failed, 2 warned)',
      'the baseline names a scenario that did not run: tools-call-sampling',
    ]);
    expect(verdict.counts.failed).toBe(2);
    expect(verdict.checks.warnings).toBe(2);
  });

  it('fails a run in which no scenario ran', () => {
    expect(judgeRun([], () => 0, []).problems).toEqual(['no scenario ran']);
  });
});
