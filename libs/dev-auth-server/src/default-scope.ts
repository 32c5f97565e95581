import type Provider from 'oidc-provider';

/**
 * RFC 6749 §3.3 default scope: an authorization request (GET) without `scope` asks for all the
 * resource's scopes. MCP clients omit `scope` when the resource advertises none; oidc-provider
 * would otherwise end such a request with `access_denied` (nothing to grant).
 */
export function defaultScopeToResourceScopes(
  provider: Provider,
  scopes: readonly string[],
): void {
  const authorizationPath = new URL(provider.urlFor('authorization')).pathname;
  const scope = scopes.join(' ');
  provider.use(async (ctx, next) => {
    if (
      ctx.method === 'GET' &&
      ctx.path === authorizationPath &&
      ctx.query.scope === undefined &&
      ctx.query.request_uri === undefined &&
      ctx.query.request === undefined
    ) {
      ctx.query = { ...ctx.query, scope };
    }
    return next();
  });
}
