import { Controller, Get } from '@nestjs/common';
import { RequireScopes, ResourceOwner } from '@nest-mcp/auth';

/** An ordinary HTTP route behind the resource server: needs `notes:read`. */
@Controller('notes')
export class NotesController {
  @Get()
  @RequireScopes('notes:read')
  list(@ResourceOwner() owner: ResourceOwner): {
    subject: string;
    scopes: string[];
  } {
    return { subject: owner.subject, scopes: [...owner.scopes] };
  }
}
