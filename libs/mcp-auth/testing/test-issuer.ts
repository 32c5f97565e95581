import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import type { McpAuthOptions } from '../src/mcp-auth-options.interface.js';
import { mintAccessToken, type MintOptions } from './mint-access-token.js';
import { generateSigningKey, type TestSigningKey } from './test-keys.js';

/** Options of `startTestIssuer`. */
export interface TestIssuerOptions {
  /** Signing algorithm of the first key (default RS256). */
  algorithm?: string;
  /** Path appended to the origin to form the issuer identifier (default none). */
  issuerPath?: string;
  /** Audience put in minted tokens unless a mint call says otherwise. */
  audience?: string | string[];
}

/**
 * A local authorization server stand-in for tests: serves RFC 8414 and OpenID discovery documents
 * and a JWKS on 127.0.0.1 (random port), mints tokens with its keys, and counts requests.
 */
export interface TestIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
  /** The key that signs by default; `rotate()` replaces it. */
  readonly key: TestSigningKey;
  /** Paths requested so far, in order. */
  readonly requests: readonly string[];
  /** Signs a token with the current key (or `key`); `issuer` and `audience` default to this issuer's. */
  mint(options?: Partial<MintOptions>, key?: TestSigningKey): Promise<string>;
  /** Publishes a new key and makes it the signing key; `keep` keeps the old one in the JWKS. */
  rotate(keep?: boolean): Promise<TestSigningKey>;
  /**
   * `McpAuthModule` options that trust this issuer for `resource`, in one call:
   * `McpAuthModule.forRoot(issuer.authOptions('http://127.0.0.1:3000/mcp'))`.
   */
  authOptions(
    resource: string,
    extra?: Partial<McpAuthOptions>,
  ): McpAuthOptions;
  /** Replaces the keys published in the JWKS (e.g. `[]` to withdraw all). */
  publish(jwks: JWK[]): void;
  close(): Promise<void>;
}

/** Starts a `TestIssuer` on a random loopback port. */
export async function startTestIssuer(
  options: TestIssuerOptions = {},
): Promise<TestIssuer> {
  let key = await generateSigningKey(options.algorithm ?? 'RS256');
  let published: JWK[] = [key.publicJwk];
  const requests: string[] = [];
  let origin = '';
  const issuerPath = options.issuerPath ?? '';
  const metadata = () => ({
    issuer: `${origin}${issuerPath}`,
    jwks_uri: `${origin}/jwks`,
    authorization_endpoint: `${origin}/authorize`,
    token_endpoint: `${origin}/token`,
    response_types_supported: ['code'],
  });
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push(path);
    const body =
      path === '/jwks'
        ? { keys: published }
        : path === `/.well-known/oauth-authorization-server${issuerPath}` ||
            path === `${issuerPath}/.well-known/openid-configuration`
          ? metadata()
          : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { error: 'not_found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${origin}${issuerPath}`;
  return {
    issuer,
    jwksUri: `${origin}/jwks`,
    get key() {
      return key;
    },
    requests,
    mint: (mintOptions = {}, signingKey = key) =>
      mintAccessToken(signingKey, {
        issuer,
        audience: options.audience,
        ...mintOptions,
      }),
    async rotate(keep = false) {
      const next = await generateSigningKey(key.alg);
      published = keep ? [...published, next.publicJwk] : [next.publicJwk];
      key = next;
      return next;
    },
    authOptions: (resource, extra = {}) => ({
      resource,
      authorizationServers: [{ issuer, jwksUri: `${origin}/jwks` }],
      ...extra,
    }),
    publish(jwks) {
      published = jwks;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
