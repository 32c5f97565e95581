import type Provider from 'oidc-provider';

/**
 * Opens the dynamic client registration endpoint to browser clients (e.g. MCP Inspector), which
 * oidc-provider serves without CORS: answers preflights and adds `Access-Control-Allow-Origin`.
 * The token endpoint is opened by `clientBasedCORS` in the provider configuration instead.
 */
export function allowRegistrationFromBrowsers(provider: Provider): void {
  const registrationPath = new URL(provider.urlFor('registration')).pathname;
  provider.use(async (ctx, next) => {
    if (ctx.path !== registrationPath) return next();
    const origin = ctx.get('origin');
    ctx.vary('Origin');
    if (!origin) return next();
    ctx.set('access-control-allow-origin', origin);
    if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
      ctx.set('access-control-allow-methods', 'POST');
      const headers = ctx.get('access-control-request-headers');
      if (headers) ctx.set('access-control-allow-headers', headers);
      ctx.set('access-control-max-age', '3600');
      ctx.status = 204;
      return;
    }
    return next();
  });
}
