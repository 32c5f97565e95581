import { afterEach, describe, expect, it } from '@jest/globals';
import { DevAuthServerConfigError } from './dev-auth-server.errors.js';
import { startDevAuthorizationServer } from './dev-authorization-server.js';

const RESOURCE = 'http://127.0.0.1:3000/mcp';

describe('startDevAuthorizationServer under NODE_ENV=production', () => {
  const saved = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = saved;
  });

  it('refuses to start, naming allowInProduction and the risk', async () => {
    process.env.NODE_ENV = 'production';
    const start = startDevAuthorizationServer({ resource: RESOURCE });
    await expect(start).rejects.toBeInstanceOf(DevAuthServerConfigError);
    await expect(start).rejects.toThrow(
      /allowInProduction is not true and NODE_ENV is production: this server lets anyone sign in as any user with no password/,
    );
  });

  it('refuses a non-boolean allowInProduction', async () => {
    process.env.NODE_ENV = 'production';
    await expect(
      startDevAuthorizationServer({
        resource: RESOURCE,
        allowInProduction: 'yes' as unknown as boolean,
      }),
    ).rejects.toThrow(/allowInProduction must be true or false/);
  });

  it('starts with allowInProduction: true and serves its discovery', async () => {
    process.env.NODE_ENV = 'production';
    const server = await startDevAuthorizationServer({
      resource: RESOURCE,
      allowInProduction: true,
    });
    try {
      const discovery = await fetch(
        `${server.issuer}/.well-known/oauth-authorization-server`,
      );
      expect(discovery.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('starts outside production without the option', async () => {
    process.env.NODE_ENV = 'development';
    const server = await startDevAuthorizationServer({ resource: RESOURCE });
    await server.close();
  });
});
