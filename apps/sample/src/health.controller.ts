import { Controller, Get } from '@nestjs/common';
import { Public } from '@nest-mcp/auth';

/** Liveness probe, open to all. */
@Public()
@Controller('health')
export class HealthController {
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
