import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type JWK,
} from 'jose';
import {
  discoverAuthorizationServerMetadata,
  exchangeAuthorization,
  refreshAuthorization,
  registerClient as sdkRegisterClient,
  startAuthorization,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { McpTokenVerifier, resolveMcpAuthOptions } from '@nest-mcp/auth';
import {
  authorizationCodeFlow,
  authorizationUrl,
  browserFetch,
  completeBrowserLogin,
  CookieJar,
  createPkcePair,
  discover,
  followRedirects,
  isRedirectUri,
  registerClient,
  submitLogin,
  tokenRequest,
  type AuthorizationServerMetadata,
} from '../testing/oauth-flow.js';
import {
  loadDevSigningKey,
  startDevAuthorizationServer,
  type DevAuthorizationServer,
  DevAuthServerConfigError,
} from './index.js';

const RESOURCE = 'http://127.0.0.1:3999/mcp';
const REDIRECT_URI = 'http://127.0.0.1:45678/callback';
const TTL = 120;

describe('startDevAuthorizationServer', () => {
  let server: DevAuthorizationServer;
  let metadata: AuthorizationServerMetadata;
  let verifier: McpTokenVerifier;
  let clientId: string;

  beforeAll(async () => {
    server = await startDevAuthorizationServer({
      resource: RESOURCE,
      port: 0,
      accessTokenTtlSeconds: TTL,
    });
    metadata = await discover(server.issuer);
    verifier = new McpTokenVerifier(
      resolveMcpAuthOptions({
        resource: RESOURCE,
        authorizationServers: [{ issuer: server.issuer }],
      }),
    );
    const registration = await registerClient(metadata.registration_endpoint!, {
      redirect_uris: [REDIRECT_URI],
    });
    clientId = String(registration.body.client_id);
  });

  afterAll(async () => {
    await server?.close();
  });

  /** Starts an authorization request with the registered client; `params` override the defaults. */
  function authorize(params: Record<string, string | undefined> = {}): URL {
    return authorizationUrl(metadata.authorization_endpoint, {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'notes:read notes:write',
      state: 'xyz',
      code_challenge: createPkcePair().challenge,
      code_challenge_method: 'S256',
      resource: RESOURCE,
      ...params,
    });
  }

  /** Follows an authorization request until the callback or a page; returns where it ended. */
  function run(url: URL, jar = new CookieJar()) {
    return followRedirects(jar, url, (at) => isRedirectUri(at, REDIRECT_URI));
  }

  it('listens on 127.0.0.1 and serves OpenID and RFC 8414 discovery with S256 and registration', async () => {
    expect(server.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/u);
    for (const path of [
      '/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server',
    ]) {
      const response = await fetch(`${server.issuer}${path}`);
      expect(response.status).toBe(200);
      const document = (await response.json()) as Record<string, unknown>;
      expect(document.issuer).toBe(server.issuer);
      expect(document.code_challenge_methods_supported).toEqual(['S256']);
      expect(document.registration_endpoint).toBe(`${server.issuer}/reg`);
      expect(document.response_types_supported).toEqual(['code']);
      expect(document.grant_types_supported).toEqual(
        expect.arrayContaining(['authorization_code', 'refresh_token']),
      );
      expect(document.scopes_supported).toEqual(
        expect.arrayContaining(['notes:read', 'notes:write', 'openid']),
      );
      expect(document.jwks_uri).toBe(server.jwksUri);
      expect(document.authorization_endpoint).toBe(server.loginUrl);
    }
  });

  it('registers public clients with loopback http redirect URIs (localhost and 127.0.0.1, web and native)', async () => {
    for (const extra of [
      { redirect_uris: ['http://localhost:51234/callback'] },
      { redirect_uris: ['http://127.0.0.1:51234/callback'] },
      {
        redirect_uris: ['http://localhost:51234/callback'],
        application_type: 'native',
      },
      {
        redirect_uris: ['http://127.0.0.1:51234/callback'],
        scope: 'notes:read notes:write',
      },
    ]) {
      const { status, body } = await registerClient(
        metadata.registration_endpoint!,
        extra,
      );
      expect({ status, error: body.error_description }).toEqual({
        status: 201,
        error: undefined,
      });
      expect(body.token_endpoint_auth_method).toBe('none');
      expect(body.redirect_uris).toEqual(extra.redirect_uris);
      expect(body.client_secret).toBeUndefined();
    }
  });

  it('lets browser clients (MCP Inspector) call the registration and token endpoints (CORS)', async () => {
    const origin = 'http://localhost:6274';
    const preflight = await fetch(metadata.registration_endpoint!, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-headers')).toBe(
      'content-type',
    );

    const registration = await fetch(metadata.registration_endpoint!, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({
        redirect_uris: [`${origin}/oauth/callback`],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(registration.status).toBe(201);
    expect(registration.headers.get('access-control-allow-origin')).toBe(
      origin,
    );

    // A client whose redirect URI is on another origin: oidc-provider's default would refuse.
    const token = await fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: {
        origin,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: clientId,
        refresh_token: 'not-a-refresh-token',
      }).toString(),
    });
    expect(token.headers.get('access-control-allow-origin')).toBe(origin);
    expect(((await token.json()) as { error: string }).error).toBe(
      'invalid_grant',
    );
  });

  it('runs the code flow (PKCE, resource, login form, auto-consent) and issues an access token the McpTokenVerifier accepts', async () => {
    const { tokens, clientId: flowClient } = await authorizationCodeFlow({
      issuer: server.issuer,
      resource: RESOURCE,
      scope: 'notes:read notes:write',
      username: 'alice@example.dev',
    });
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expires_in).toBe(TTL);
    expect(typeof tokens.refresh_token).toBe('string');

    const owner = await verifier.verify(tokens.access_token);
    expect(owner.subject).toBe('alice@example.dev');
    expect(owner.issuer).toBe(server.issuer);
    expect(owner.clientId).toBe(flowClient);
    expect(owner.audience).toEqual([RESOURCE]);
    expect(owner.scopes).toEqual(
      expect.arrayContaining(['notes:read', 'notes:write']),
    );
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({
      typ: 'at+jwt',
      alg: 'RS256',
    });
    const claims = decodeJwt(tokens.access_token);
    expect(claims.exp! - claims.iat!).toBe(TTL);
  });

  it('works with the OAuth functions of the MCP SDK client (discovery, registration with localhost, PKCE, exchange, refresh)', async () => {
    const redirectUrl = 'http://localhost:45679/callback';
    const scope = 'notes:read notes:write';
    const sdkMetadata = await discoverAuthorizationServerMetadata(
      server.issuer,
    );
    expect(sdkMetadata?.issuer).toBe(server.issuer);
    const clientInformation = await sdkRegisterClient(server.issuer, {
      metadata: sdkMetadata,
      clientMetadata: {
        client_name: 'MCP SDK client',
        redirect_uris: [redirectUrl],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
      scope,
    });
    const { authorizationUrl: url, codeVerifier } = await startAuthorization(
      server.issuer,
      {
        metadata: sdkMetadata,
        clientInformation,
        redirectUrl,
        scope,
        state: 'sdk-state',
        resource: new URL(RESOURCE),
      },
    );
    const callback = await completeBrowserLogin(url, 'sdk-user', redirectUrl);
    expect(callback.searchParams.get('state')).toBe('sdk-state');
    const exchangeOptions = {
      metadata: sdkMetadata,
      clientInformation,
      resource: new URL(RESOURCE),
    };
    const tokens = await exchangeAuthorization(server.issuer, {
      ...exchangeOptions,
      authorizationCode: callback.searchParams.get('code')!,
      codeVerifier,
      redirectUri: redirectUrl,
    });
    const owner = await verifier.verify(tokens.access_token);
    expect(owner).toMatchObject({
      subject: 'sdk-user',
      clientId: clientInformation.client_id,
      audience: [RESOURCE],
    });
    const refreshed = await refreshAuthorization(server.issuer, {
      ...exchangeOptions,
      refreshToken: tokens.refresh_token!,
    });
    expect((await verifier.verify(refreshed.access_token)).audience).toEqual([
      RESOURCE,
    ]);
  });

  it('grants only the scopes requested, even though consent grants all of the resource', async () => {
    const { tokens } = await authorizationCodeFlow({
      issuer: server.issuer,
      resource: RESOURCE,
      scope: 'notes:read',
      username: 'bob',
    });
    const owner = await verifier.verify(tokens.access_token);
    expect(owner.scopes).toEqual(['notes:read']);
  });

  it('grants all the resource scopes when the request has no scope, and OIDC scopes add an ID token', async () => {
    const { tokens } = await authorizationCodeFlow({
      issuer: server.issuer,
      resource: RESOURCE,
      username: 'heidi',
    });
    expect(tokens.scope).toBe('notes:read notes:write');
    expect((await verifier.verify(tokens.access_token)).scopes).toEqual([
      'notes:read',
      'notes:write',
    ]);

    const oidc = await authorizationCodeFlow({
      issuer: server.issuer,
      resource: RESOURCE,
      scope: 'openid profile notes:read',
      username: 'ivan',
    });
    expect((await verifier.verify(oidc.tokens.access_token)).scopes).toEqual([
      'notes:read',
    ]);
    expect(decodeJwt(String(oidc.tokens.id_token))).toMatchObject({
      iss: server.issuer,
      sub: 'ivan',
      preferred_username: 'ivan',
      aud: oidc.clientId,
    });
  });

  it('refreshes: the new access token keeps the resource as aud, with or without resource, and rotates the refresh token', async () => {
    const { tokens, clientId: flowClient } = await authorizationCodeFlow({
      issuer: server.issuer,
      resource: RESOURCE,
      scope: 'notes:read notes:write',
      username: 'carol',
    });

    const first = await tokenRequest(metadata.token_endpoint, {
      grant_type: 'refresh_token',
      client_id: flowClient,
      refresh_token: tokens.refresh_token,
      resource: RESOURCE,
    });
    expect(first.status).toBe(200);
    expect(first.body.access_token).not.toBe(tokens.access_token);
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
    const refreshed = await verifier.verify(String(first.body.access_token));
    expect(refreshed.subject).toBe('carol');
    expect(refreshed.audience).toEqual([RESOURCE]);
    expect(refreshed.scopes).toEqual(
      expect.arrayContaining(['notes:read', 'notes:write']),
    );

    const second = await tokenRequest(metadata.token_endpoint, {
      grant_type: 'refresh_token',
      client_id: flowClient,
      refresh_token: String(first.body.refresh_token),
    });
    expect(second.status).toBe(200);
    expect(
      (await verifier.verify(String(second.body.access_token))).audience,
    ).toEqual([RESOURCE]);

    const reused = await tokenRequest(metadata.token_endpoint, {
      grant_type: 'refresh_token',
      client_id: flowClient,
      refresh_token: tokens.refresh_token,
    });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
  });

  it('revokes a refresh token of the calling client (RFC 7009)', async () => {
    const { tokens, clientId: flowClient } = await authorizationCodeFlow({
      issuer: server.issuer,
      resource: RESOURCE,
      scope: 'notes:read',
      username: 'judy',
    });
    const revocation = await fetch(`${server.issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: flowClient,
        token: tokens.refresh_token!,
        token_type_hint: 'refresh_token',
      }).toString(),
    });
    expect(revocation.status).toBe(200);
    const refresh = await tokenRequest(metadata.token_endpoint, {
      grant_type: 'refresh_token',
      client_id: flowClient,
      refresh_token: tokens.refresh_token,
    });
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('issues no refresh token to a client that did not register the refresh_token grant', async () => {
    const registration = await registerClient(metadata.registration_endpoint!, {
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code'],
    });
    const noRefreshClient = String(registration.body.client_id);
    const pkce = createPkcePair();
    const jar = new CookieJar();
    const login = await run(
      authorize({
        client_id: noRefreshClient,
        code_challenge: pkce.challenge,
      }),
      jar,
    );
    const html = await login.response!.text();
    const callback = await followRedirects(
      jar,
      login.url,
      (at) => isRedirectUri(at, REDIRECT_URI),
      await submitLogin(jar, html, login.url, 'dave'),
    );
    const exchange = await tokenRequest(metadata.token_endpoint, {
      grant_type: 'authorization_code',
      client_id: noRefreshClient,
      code: callback.url.searchParams.get('code') ?? undefined,
      redirect_uri: REDIRECT_URI,
      code_verifier: pkce.verifier,
    });
    expect(exchange.status).toBe(200);
    expect(exchange.body.refresh_token).toBeUndefined();
    expect(
      (await verifier.verify(String(exchange.body.access_token))).audience,
    ).toEqual([RESOURCE]);
  });

  it('requires PKCE: no code_challenge and the plain method are refused', async () => {
    for (const params of [
      { code_challenge: undefined, code_challenge_method: undefined },
      { code_challenge_method: 'plain' },
      { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' },
    ]) {
      const end = await run(authorize(params));
      expect(end.response).toBeUndefined();
      expect(end.url.searchParams.get('error')).toBe('invalid_request');
      expect(end.url.searchParams.get('code')).toBeNull();
    }
  });

  it('refuses a code exchange without the right code_verifier', async () => {
    const pkce = createPkcePair();
    const jar = new CookieJar();
    const login = await run(authorize({ code_challenge: pkce.challenge }), jar);
    const html = await login.response!.text();
    const callback = await followRedirects(
      jar,
      login.url,
      (at) => isRedirectUri(at, REDIRECT_URI),
      await submitLogin(jar, html, login.url, 'erin'),
    );
    const code = callback.url.searchParams.get('code');
    expect(code).toBeTruthy();
    const exchange = await tokenRequest(metadata.token_endpoint, {
      grant_type: 'authorization_code',
      client_id: clientId,
      code: code!,
      redirect_uri: REDIRECT_URI,
      code_verifier: createPkcePair().verifier,
      resource: RESOURCE,
    });
    expect(exchange.status).toBe(400);
    expect(exchange.body.error).toBe('invalid_grant');
  });

  it('refuses any other resource with invalid_target (authorization and token endpoints)', async () => {
    const end = await run(
      authorize({ resource: 'http://127.0.0.1:4000/other' }),
    );
    expect(end.url.searchParams.get('error')).toBe('invalid_target');

    const { tokens, clientId: flowClient } = await authorizationCodeFlow({
      issuer: server.issuer,
      resource: RESOURCE,
      scope: 'notes:read',
      username: 'frank',
    });
    const refresh = await tokenRequest(metadata.token_endpoint, {
      grant_type: 'refresh_token',
      client_id: flowClient,
      refresh_token: tokens.refresh_token,
      resource: 'http://127.0.0.1:4000/other',
    });
    expect(refresh.status).toBe(400);
    expect(refresh.body.error).toBe('invalid_target');
  });

  it('login form: a single username field; an invalid username gets a 400 with the value escaped', async () => {
    const jar = new CookieJar();
    const login = await run(authorize(), jar);
    expect(login.response?.status).toBe(200);
    expect(login.url.pathname).toMatch(/^\/interaction\/[\w-]+$/u);
    const html = await login.response!.text();
    expect(html).toContain('name="username"');
    expect(html).not.toContain('type="password"');
    expect(login.response!.headers.get('content-security-policy')).toContain(
      "default-src 'none'",
    );

    for (const username of ['<script>alert(1)</script>', '', 'a'.repeat(65)]) {
      const rejected = await submitLogin(jar, html, login.url, username);
      expect(rejected.status).toBe(400);
      const page = await rejected.text();
      expect(page).toContain('name="username"');
      expect(page).not.toContain('<script>');
      if (username.startsWith('<')) {
        expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      }
    }

    // The interaction survives the failed attempts.
    const accepted = await submitLogin(jar, html, login.url, 'grace');
    const callback = await followRedirects(
      jar,
      login.url,
      (at) => isRedirectUri(at, REDIRECT_URI),
      accepted,
    );
    expect(callback.url.searchParams.get('code')).toBeTruthy();
  });

  it('cancelling the login returns access_denied to the client', async () => {
    const jar = new CookieJar();
    const login = await run(authorize(), jar);
    await login.response!.body?.cancel();
    const aborted = await browserFetch(jar, `${login.url.href}/abort`, {
      method: 'POST',
    });
    const end = await followRedirects(
      jar,
      login.url,
      (at) => isRedirectUri(at, REDIRECT_URI),
      aborted,
    );
    expect(end.url.searchParams.get('error')).toBe('access_denied');
  });

  it('shows a short error page (no stack) for an interaction without its cookie, and for a bad authorization request', async () => {
    const login = await run(authorize());
    await login.response!.body?.cancel();
    const stranger = await fetch(login.url);
    expect(stranger.status).toBe(400);
    const page = await stranger.text();
    expect(page).toContain('<h1>');
    expect(page).not.toMatch(/\bat .+\.js:\d+/u);

    const bad = await fetch(
      authorizationUrl(metadata.authorization_endpoint, {
        client_id: 'unknown',
        response_type: 'code',
      }),
      { redirect: 'manual' },
    );
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain('invalid_client');
    expect(badPage).not.toMatch(/\bat .+\.js:\d+/u);
  });
});

describe('signing keys', () => {
  let dir: string;
  let privateJwk: JWK;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dev-auth-server-'));
    const { privateKey } = await generateKeyPair('RS256', {
      extractable: true,
    });
    privateJwk = { ...(await exportJWK(privateKey)), kid: 'dev-key-1' };
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loadDevSigningKey reads a JWK file; the server publishes its public part in the JWKS', async () => {
    const file = join(dir, 'key.json');
    await writeFile(file, JSON.stringify(privateJwk));
    const loaded = await loadDevSigningKey(file);
    expect(loaded).toMatchObject({
      kid: 'dev-key-1',
      n: privateJwk.n,
      d: privateJwk.d,
    });

    const server = await startDevAuthorizationServer({
      resource: RESOURCE,
      signingKey: loaded,
    });
    try {
      const jwks = (await (await fetch(server.jwksUri)).json()) as {
        keys: JWK[];
      };
      expect(jwks.keys).toHaveLength(1);
      expect(jwks.keys[0]).toMatchObject({
        kty: 'RSA',
        kid: 'dev-key-1',
        n: privateJwk.n,
        e: privateJwk.e,
      });
      expect(jwks.keys[0]!.d).toBeUndefined();
      expect(jwks.keys[0]!.p).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('loadDevSigningKey gives clear errors for a missing file, bad JSON and a public key', async () => {
    const missing = join(dir, 'missing.json');
    await expect(loadDevSigningKey(missing)).rejects.toThrow(
      `@nest-mcp/dev-auth-server: signing key file ${missing} not found`,
    );
    await expect(loadDevSigningKey(missing)).rejects.toBeInstanceOf(
      DevAuthServerConfigError,
    );

    const notJson = join(dir, 'not-json.json');
    await writeFile(notJson, '{ nope');
    await expect(loadDevSigningKey(notJson)).rejects.toThrow(/not valid JSON/u);

    const publicOnly = join(dir, 'public.json');
    const {
      d: _d,
      p: _p,
      q: _q,
      dp: _dp,
      dq: _dq,
      qi: _qi,
      ...pub
    } = privateJwk;
    await writeFile(publicOnly, JSON.stringify(pub));
    await expect(loadDevSigningKey(publicOnly)).rejects.toThrow(
      /private RSA JWK.*missing d/u,
    );
  });

  it('refuses invalid options before listening', async () => {
    await expect(
      startDevAuthorizationServer({ resource: 'not a url' }),
    ).rejects.toThrow(/resource must be an absolute http\(s\) URL/u);
    await expect(
      startDevAuthorizationServer({ resource: RESOURCE, port: 70_000 }),
    ).rejects.toMatchObject({
      name: 'DevAuthServerConfigError',
      option: 'port',
    });
    await expect(
      startDevAuthorizationServer({ resource: RESOURCE, scopes: ['openid'] }),
    ).rejects.toThrow(/scopes must not contain "openid"/u);
    await expect(
      startDevAuthorizationServer({
        resource: RESOURCE,
        signingKey: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' },
      }),
    ).rejects.toThrow(/private RSA JWK/u);
  });
});
