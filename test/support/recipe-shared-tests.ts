import { expect, it } from '@jest/globals';
import { generateSigningKey } from '@nest-mcp/auth/testing';
import { mcpHeaders, toolsCall } from './mcp-client.js';
import { modernBody, modernHeaders } from './mcp-client-v2.js';
import type { ConnectRecipeClient } from './recipe-clients.js';
import type { RecipeUnderTest } from './recipe-under-test.js';
import {
  insufficientScope,
  TEST_METADATA_URL,
  TEST_RESOURCE,
} from './step-up.js';

/**
 * The tests every recipe passes alike, whatever serves its MCP endpoint: the same names and
 * assertions in each recipe suite.
 */

/** Without a token: 401 with our challenge; our RFC 9728 metadata at both well-known paths. */
export function itChallengesAndServesMetadata(recipe: RecipeUnderTest): void {
  it('answers a request without a token 401 with our challenge (RFC 6750 §3, RFC 9728 §5.1)', async () => {
    const response = await fetch(recipe.endpoint, {
      method: 'POST',
      headers: mcpHeaders(),
      body: toolsCall('whoami'),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${TEST_METADATA_URL}"`,
    );
  });

  it('serves our RFC 9728 metadata at both well-known paths', async () => {
    for (const path of [
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-protected-resource',
    ]) {
      const response = await fetch(`${recipe.base}${path}`);
      expect(response.status).toBe(200);
      const metadata = (await response.json()) as Record<string, unknown>;
      expect(metadata.resource).toBe(TEST_RESOURCE);
      expect(metadata.authorization_servers).toEqual([recipe.idp.issuer]);
    }
  });
}

/** A token with every scope lists and calls both tools, which see the verified identity. */
export function itCallsToolsAsTheVerifiedIdentity(
  recipe: RecipeUnderTest,
  connect: ConnectRecipeClient,
): void {
  it('lists and calls tools with the verified identity visible inside them', async () => {
    const token = await recipe.idp.mint({
      audience: TEST_RESOURCE,
      subject: 'alice',
      scope: 'notes:write',
      claims: { client_id: 'notes-app' },
    });
    const client = await connect(recipe.endpoint, token);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual([
        'delete-note',
        'whoami',
      ]);
      expect(
        await client.callTool({ name: 'whoami', arguments: {} }),
      ).toMatchObject({
        content: [{ type: 'text', text: 'alice via notes-app' }],
      });
      expect(
        await client.callTool({
          name: 'delete-note',
          arguments: { id: '7' },
        }),
      ).toMatchObject({
        content: [{ type: 'text', text: 'alice deleted 7' }],
      });
    } finally {
      await client.close();
    }
  });
}

/** A raw 2026-07-28 `tools/call` of `delete-note` lacking its scope: 403 with `challenge`. */
export function itRefusesAModernCallLackingTheToolScope(
  recipe: RecipeUnderTest,
  challenge: string,
): void {
  it('answers a 2026-07-28 tools/call lacking the tool scope 403 insufficient_scope', async () => {
    const token = await recipe.idp.mint({
      audience: TEST_RESOURCE,
      subject: 'bob',
    });
    const response = await fetch(recipe.endpoint, {
      method: 'POST',
      headers: modernHeaders(token, 'tools/call', 'delete-note'),
      body: modernBody('tools/call', {
        name: 'delete-note',
        arguments: { id: '7' },
      }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(challenge);
  });
}

/**
 * A 2025-era `tools/call` of `delete-note` lacking its scope: 403 with `challenge`, its JSON body
 * checked by `expectBody` (each recipe words it its own way).
 */
export function itRefusesA2025CallLackingTheToolScope(
  recipe: RecipeUnderTest,
  challenge: string,
  expectBody: (body: unknown) => void,
): void {
  it('answers a 2025-era tools/call lacking the tool scope 403 insufficient_scope', async () => {
    const token = await recipe.idp.mint({
      audience: TEST_RESOURCE,
      subject: 'bob',
    });
    const response = await fetch(recipe.endpoint, {
      method: 'POST',
      headers: mcpHeaders(token),
      body: toolsCall('delete-note', { id: '7' }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(challenge);
    expectBody(await response.json());
  });
}

/** With `@RequireScopes('notes:read')` on the endpoint: our 403 and 401 answers, and access with it. */
export function itEnforcesTheEndpointScope(recipe: RecipeUnderTest): void {
  it('answers a token lacking the endpoint scope 403 with our full challenge (RFC 6750 §3.1)', async () => {
    const token = await recipe.idp.mint({
      audience: TEST_RESOURCE,
      scope: 'notes:write',
    });
    const response = await fetch(recipe.endpoint, {
      method: 'POST',
      headers: mcpHeaders(token),
      body: toolsCall('whoami'),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      insufficientScope('notes:read notes:write'),
    );
  });

  it('answers a token signed by an unknown key 401 invalid_token (RFC 6750 §3.1)', async () => {
    const token = await recipe.idp.mint(
      { audience: TEST_RESOURCE, scope: 'notes:read' },
      await generateSigningKey(),
    );
    const response = await fetch(recipe.endpoint, {
      method: 'POST',
      headers: mcpHeaders(token),
      body: toolsCall('whoami'),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer error="invalid_token", .*resource_metadata="http:\/\/127\.0\.0\.1:3000\/\.well-known\/oauth-protected-resource\/mcp"$/,
    );
  });

  it('lets a token with the endpoint scope call its tools', async () => {
    const token = await recipe.idp.mint({
      audience: TEST_RESOURCE,
      subject: 'carol',
      scope: 'notes:read',
    });
    const response = await fetch(recipe.endpoint, {
      method: 'POST',
      headers: mcpHeaders(token),
      body: toolsCall('whoami'),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('carol via');
  });
}
