import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import { HTTP_ADAPTERS } from './support/http-adapters.js';
import { sampleWith } from './support/sample-with.js';
import { mcpHeaders } from './support/mcp-client.js';

/** The sample reads every `McpServerModule` option from `MCP_SERVER_*` and refuses bad values at boot. */
describe.each(HTTP_ADAPTERS)(
  'the sample on %s from MCP_SERVER_* variables',
  (adapter) => {
    let idp: TestIssuer;
    const saved = { ...process.env };
    const trusting = () => ({
      MCP_HTTP_ADAPTER: adapter,
      MCP_AUTH_AUTHORIZATION_SERVERS: JSON.stringify([
        { issuer: idp.issuer, jwksUri: idp.jwksUri },
      ]),
    });

    beforeAll(async () => {
      idp = await startTestIssuer({ audience: 'unused' });
    });
    afterAll(async () => {
      await idp?.close();
      process.env = saved;
    });

    it.each([
      [
        { MCP_SERVER_MAX_SESSIONS_PER_IDENTITY: 'lots' },
        /MCP_SERVER_MAX_SESSIONS_PER_IDENTITY: "lots" is not a whole number of at least 1; set a positive integer/,
      ],
      [
        { MCP_SERVER_STATEFUL: 'sometimes' },
        /MCP_SERVER_STATEFUL: "sometimes" is not a boolean; set it to true or false/,
      ],
      [
        { MCP_SERVER_RESUMABLE_STREAMS: 'true' },
        /MCP_SERVER_RESUMABLE_STREAMS: resumableStreams: needs stateful: true/,
      ],
      [
        { MCP_SERVER_STATEFUL: 'true', MCP_SERVER_REPLICA_ID: 'r1.eu' },
        /MCP_SERVER_REPLICA_ID: replicaId: "r1\.eu" is not a replica id; use 1-32 letters, digits/,
      ],
    ])(
      'does not start with %p, naming the variable and the fix',
      async (env, message) => {
        await expect(sampleWith({ ...trusting(), ...env })).rejects.toThrow(
          message,
        );
        for (const key of Object.keys(env)) delete process.env[key];
      },
    );

    it('serves 2025 sessions with MCP_SERVER_STATEFUL=true (a GET without a session is a 400, not 405)', async () => {
      const { sample, endpoint } = await sampleWith({
        ...trusting(),
        MCP_SERVER_STATEFUL: 'true',
      });
      try {
        const resource = endpoint;
        const token = await idp.mint({ subject: 'env', audience: resource });
        const res = await fetch(endpoint, { headers: mcpHeaders(token) });
        expect(res.status).toBe(400);
      } finally {
        await sample.close();
        delete process.env.MCP_SERVER_STATEFUL;
      }
    });
  },
);
