/** One problem found by the boot self-check: what is wrong, and how to fix it. */
export interface StartupFinding {
  /** What the problem is about, e.g. `issuer https://idp.example.com` or `resource`. */
  readonly subject: string;
  readonly problem: string;
  readonly fix: string;
}

/** `<subject>: <problem>; fix: <fix>` */
export function formatFinding(finding: StartupFinding): string {
  return `${finding.subject}: ${finding.problem}; fix: ${finding.fix}`;
}
