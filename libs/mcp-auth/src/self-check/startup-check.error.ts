import { McpAuthError } from '../errors/mcp-auth.errors.js';
import { formatFinding, type StartupFinding } from './startup-finding.js';

/** With `strictStartup`, the boot self-check found problems: the application does not start. */
export class McpAuthStartupError extends McpAuthError {
  constructor(readonly findings: readonly StartupFinding[]) {
    super(
      `McpAuthModule startup check failed (strictStartup): ${findings.map(formatFinding).join(' | ')}`,
    );
  }
}
