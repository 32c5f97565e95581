import { describe, expect, it } from '@jest/globals';
import { RECIPE_CLIENTS } from './support/recipe-clients.js';
import {
  itCallsToolsAsTheVerifiedIdentity,
  itChallengesAndServesMetadata,
  itEnforcesTheEndpointScope,
  itRefusesA2025CallLackingTheToolScope,
  itRefusesAModernCallLackingTheToolScope,
} from './support/recipe-shared-tests.js';
import {
  listenRecipeApp,
  recipeUnderTest,
} from './support/recipe-under-test.js';
import { TEST_METADATA_URL, TEST_RESOURCE } from './support/step-up.js';
import { recipeModule } from './recipes/sdk-handler.app.js';

// Express only: the recipe mounts the SDK's createMcpHandler on Express request and response objects.
describe('@nest-mcp/auth guarding an app that mounts the SDK createMcpHandler (docs/recipes/sdk-create-mcp-handler.md)', () => {
  const recipe = recipeUnderTest((idp) =>
    listenRecipeApp(recipeModule(idp.authOptions(TEST_RESOURCE))),
  );

  itChallengesAndServesMetadata(recipe);

  describe.each(RECIPE_CLIENTS)('with the %s', (_label, connect) => {
    itCallsToolsAsTheVerifiedIdentity(recipe, connect);

    it('lists every tool to a token lacking a scope, and refuses to call that tool', async () => {
      const token = await recipe.idp.mint({
        audience: TEST_RESOURCE,
        subject: 'bob',
      });
      const client = await connect(recipe.endpoint, token);
      try {
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name).sort()).toEqual([
          'delete-note',
          'whoami',
        ]);
        await expect(
          client.callTool({ name: 'delete-note', arguments: { id: '7' } }),
        ).rejects.toThrow();
      } finally {
        await client.close();
      }
    });
  });

  // The SDK's own per-tool `scopeChallenge` (`requireScopes()`), naming `authInfo.resourceMetadataUrl`.
  const stepUp = `Bearer error="insufficient_scope", error_description="Insufficient scope", scope="notes:write", resource_metadata="${TEST_METADATA_URL}"`;

  itRefusesAModernCallLackingTheToolScope(recipe, stepUp);

  itRefusesA2025CallLackingTheToolScope(recipe, stepUp, (body) =>
    expect(body).toEqual({
      error: 'insufficient_scope',
      error_description: 'Insufficient scope',
    }),
  );
});

describe('createMcpHandler recipe with an endpoint-wide @RequireScopes()', () => {
  const recipe = recipeUnderTest((idp) =>
    listenRecipeApp(
      recipeModule(idp.authOptions(TEST_RESOURCE), ['notes:read']),
    ),
  );

  itEnforcesTheEndpointScope(recipe);
});
