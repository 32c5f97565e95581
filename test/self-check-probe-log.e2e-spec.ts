import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { McpAuthSelfCheck } from '@nest-mcp/auth';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import { LeveledLogger } from './support/leveled-logger.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { listenSample } from './support/listen.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';

/**
 * The boot self-check asks the application itself whether it keeps the raw body, with a POST of
 * `{}` to the MCP endpoint and no credentials: that 401 is the check's own, not a refused client.
 */
describe.each(HTTP_ADAPTERS)(
  'the boot self-check probe is not logged as a rejection on %s',
  (adapter) => {
    const saved = { ...process.env };
    const logger = new LeveledLogger();
    let idp: TestIssuer;
    let app: INestApplication;
    let url: string;

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: RESOURCE });
      ({ app, url } = await listenSample(idp, RESOURCE, logger, adapter));
    });
    afterAll(async () => {
      await app.close();
      await idp.close();
      process.env = saved;
    });

    it('boots without a "Rejected request" line, and still logs a real request without credentials', async () => {
      await app.get(McpAuthSelfCheck).findings();
      expect(logger.text()).not.toContain('Rejected request');
      const response = await fetch(`${url}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(response.status).toBe(401);
      expect(logger.text()).toContain(
        'Rejected request: MissingCredentialsError',
      );
    });
  },
);
