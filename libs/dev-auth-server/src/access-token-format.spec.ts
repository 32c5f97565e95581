import { describe, expect, it } from '@jest/globals';
import { resolveDevAuthorizationServerOptions } from './dev-authorization-server-options.js';
import { startDevAuthorizationServer } from './dev-authorization-server.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';

describe('accessTokenFormat and introspection of the development server', () => {
  it('defaults to jwt, accepts opaque, refuses anything else naming the option', () => {
    expect(
      resolveDevAuthorizationServerOptions({ resource: RESOURCE })
        .accessTokenFormat,
    ).toBe('jwt');
    expect(
      resolveDevAuthorizationServerOptions({
        resource: RESOURCE,
        accessTokenFormat: 'opaque',
      }).accessTokenFormat,
    ).toBe('opaque');
    expect(() =>
      resolveDevAuthorizationServerOptions({
        resource: RESOURCE,
        accessTokenFormat: 'JWE' as never,
      }),
    ).toThrow(/accessTokenFormat.*"jwt" or "opaque"/);
  });

  it('advertises its introspection endpoint, which refuses other clients', async () => {
    const server = await startDevAuthorizationServer({
      resource: RESOURCE,
      accessTokenFormat: 'opaque',
    });
    try {
      const metadata = (await (
        await fetch(`${server.issuer}/.well-known/oauth-authorization-server`)
      ).json()) as Record<string, unknown>;
      expect(metadata.introspection_endpoint).toBe(
        server.introspection.endpoint,
      );
      const ask = (authorization: string) =>
        fetch(server.introspection.endpoint, {
          method: 'POST',
          headers: {
            authorization,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: 'token=unknown-token',
        });
      const { clientId, clientSecret } = server.introspection;
      const good = await ask(
        `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      );
      expect(good.status).toBe(200);
      expect(await good.json()).toEqual({ active: false });
      const bad = await ask(
        `Basic ${Buffer.from(`${clientId}:wrong`).toString('base64')}`,
      );
      expect(bad.status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
