import { Logger } from '@nestjs/common';
import type { ResolvedMcpAuthOptions } from '@nest-mcp/auth';

/** Logs where the server answers and what to do next: connect MCP Inspector, or bring a token. */
export function logNextSteps(
  auth: ResolvedMcpAuthOptions,
  withDevelopmentServer: boolean,
): void {
  const logger = new Logger('Sample');
  logger.log(`MCP endpoint ${auth.resource}`);
  logger.log(`Protected resource metadata ${auth.metadataUrl}`);
  logger.log(
    `Trusted issuers: ${auth.authorizationServers.map((s) => s.issuer).join(', ')}`,
  );
  if (withDevelopmentServer) {
    logger.log(
      `Next: run "npx @modelcontextprotocol/inspector", add a Streamable HTTP server (2.x: Add ` +
        `Servers, + Add manually, streamable-http) with URL ${auth.resource}, connect, and sign ` +
        'in with any username (docs/contributing.md: "Connect MCP Inspector to the sample")',
    );
  } else {
    logger.log(
      `Next: call ${auth.resource} with "Authorization: Bearer <access token>" from a trusted ` +
        `issuer, audience ${auth.resource}; without one it answers 401 and points to the metadata`,
    );
  }
}
