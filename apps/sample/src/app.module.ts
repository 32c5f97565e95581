import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { McpAuthModule } from '@nest-mcp/auth';
import { HealthController } from './health.controller.js';
import { sampleAuthOptions } from './sample-config.js';
import { WhoamiController } from './whoami.controller.js';

/** The sample: every route needs a valid access token (global guard) unless marked `@Public()`. */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    McpAuthModule.forRootAsync({
      inject: [ConfigService],
      useFactory: sampleAuthOptions,
    }),
  ],
  controllers: [HealthController, WhoamiController],
})
export class AppModule {}
