import { Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  McpAuthGuard,
  Public,
  RequireScopes,
  ResourceOwner,
} from '@nest-mcp/auth';

const identity = (owner: ResourceOwner) => ({
  subject: owner.subject,
  issuer: owner.issuer,
  clientId: owner.clientId,
  scopes: owner.scopes,
});

/** Routes behind the global guard: class scope `notes:read`, a handler override, a public route. */
@Controller('notes')
@RequireScopes('notes:read')
export class NotesFixtureController {
  @Get()
  list(@ResourceOwner() owner: ResourceOwner) {
    return identity(owner);
  }

  @Post()
  @RequireScopes('notes:write')
  add(@ResourceOwner('subject') subject: string) {
    return { subject };
  }

  @Get('open')
  @Public()
  open(@ResourceOwner() owner: ResourceOwner | undefined) {
    return { owner: owner ?? null };
  }
}

/** For `globalGuard: false`: one route guarded per controller, one left alone. */
@Controller('local')
export class LocalGuardFixtureController {
  @Get('guarded')
  @UseGuards(McpAuthGuard)
  guarded(@ResourceOwner() owner: ResourceOwner) {
    return identity(owner);
  }

  @Get('unguarded')
  unguarded() {
    return { ok: true };
  }
}

/** One handler inherited by two controllers, each asking for its own class scope. */
abstract class ReportsFixtureBase {
  @Get()
  read(@ResourceOwner('subject') subject: string) {
    return { subject };
  }
}

/** `GET /reports/sales`: needs `reports:sales` (class scope on an inherited handler). */
@Controller('reports/sales')
@RequireScopes('reports:sales')
export class SalesReportsFixtureController extends ReportsFixtureBase {}

/** `GET /reports/payroll`: needs `reports:payroll` (the same handler, another class scope). */
@Controller('reports/payroll')
@RequireScopes('reports:payroll')
export class PayrollReportsFixtureController extends ReportsFixtureBase {}

/** `POST /mcp`: a guarded route of the app's own at the resource path (no MCP endpoint). */
@Controller('mcp')
export class ResourceRouteFixtureController {
  @Post()
  @HttpCode(200)
  call(@ResourceOwner('subject') subject: string) {
    return { subject };
  }
}
