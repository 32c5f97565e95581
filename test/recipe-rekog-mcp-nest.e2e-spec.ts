import { describe, expect, it } from '@jest/globals';
import type { TestIssuer } from '@nest-mcp/auth/testing';
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
import { recipeApp } from './recipes/rekog-mcp-nest.app.js';

/** The recipe app trusting `idp`, its mcp-nest transport attached as a microservice. */
function startRecipe(idp: TestIssuer, endpointScopes?: string[]) {
  const { AppModule, strategy } = recipeApp(
    idp.authOptions(TEST_RESOURCE),
    TEST_METADATA_URL,
    endpointScopes,
  );
  return listenRecipeApp(AppModule, async (app) => {
    strategy.setHttpAdapter(app.getHttpAdapter());
    app.connectMicroservice({ strategy });
    await app.startAllMicroservices();
  });
}

// Express only: a recipe for a third-party MCP module; the guard it relies on is proven on Fastify by the sample suites.
describe('@nest-mcp/auth guarding @rekog/mcp-nest 2.x (docs/recipes/rekog-mcp-nest.md)', () => {
  const recipe = recipeUnderTest((idp) => startRecipe(idp));

  itChallengesAndServesMetadata(recipe);

  describe.each(RECIPE_CLIENTS)('with the %s', (_label, connect) => {
    itCallsToolsAsTheVerifiedIdentity(recipe, connect);

    it('hides a tool from a token lacking its scope, and refuses to call it', async () => {
      const token = await recipe.idp.mint({
        audience: TEST_RESOURCE,
        subject: 'bob',
      });
      const client = await connect(recipe.endpoint, token);
      try {
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name)).toEqual(['whoami']);
        await expect(
          client.callTool({ name: 'delete-note', arguments: { id: '7' } }),
        ).rejects.toThrow();
      } finally {
        await client.close();
      }
    });
  });

  // mcp-nest answers a scope shortfall itself (`stepUpAuthorization`), before the SDK: its
  // challenge names the tool's scopes only, and its own error_description.
  const stepUp = `Bearer error="insufficient_scope", error_description="Tool 'delete-note' requires scopes: notes:write", scope="notes:write", resource_metadata="${TEST_METADATA_URL}"`;

  itRefusesAModernCallLackingTheToolScope(recipe, stepUp);

  itRefusesA2025CallLackingTheToolScope(recipe, stepUp, (body) =>
    expect(body).toMatchObject({ id: 1, error: { code: -32600 } }),
  );
});

describe('@rekog/mcp-nest recipe with an endpoint-wide @RequireScopes()', () => {
  const recipe = recipeUnderTest((idp) => startRecipe(idp, ['notes:read']));

  itEnforcesTheEndpointScope(recipe);
});
