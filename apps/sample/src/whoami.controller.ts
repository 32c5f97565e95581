import { Controller, Get } from '@nestjs/common';
import { ResourceOwner } from '@nest-mcp/auth';

/** The caller's verified identity; protected by the global `McpAuthGuard`. */
@Controller('whoami')
export class WhoamiController {
  @Get()
  whoami(@ResourceOwner() owner: ResourceOwner) {
    return {
      subject: owner.subject,
      issuer: owner.issuer,
      clientId: owner.clientId,
      scopes: owner.scopes,
    };
  }
}
