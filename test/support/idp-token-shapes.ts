/**
 * The claims each identity provider of docs/identity-providers.md puts in its access tokens, as its
 * documentation shows them (issuer, audience, subject, scopes and times are set by the caller), and
 * the `typ` header it sends. Tests sign them with their own key to check that no rule of the
 * verifier refuses a real provider's access token.
 */
export interface AccessTokenShape {
  readonly provider: string;
  /** `typ` header (`undefined`: none). */
  readonly typ: string | undefined;
  /** Claims besides `iss`, `aud`, `sub`, `iat`, `nbf`, `exp` (`undefined` removes a default claim). */
  readonly claims: Record<string, unknown>;
}

/** One shape per provider (and Entra ID token version). */
export const ACCESS_TOKEN_SHAPES: readonly AccessTokenShape[] = [
  {
    // Keycloak 25+ (the nonce is only in ID tokens since 25.0.0).
    provider: 'Keycloak',
    typ: 'JWT',
    claims: {
      jti: 'onrtac:4f1b2d3e',
      typ: 'Bearer',
      azp: 'mcp-client',
      sid: '2d3e4f5a-0000-4000-8000-000000000001',
      acr: '1',
      auth_time: 1_790_000_000,
      'allowed-origins': ['http://localhost:6274'],
      realm_access: { roles: ['default-roles-acme'] },
      resource_access: { account: { roles: ['manage-account'] } },
      scope: 'openid profile email notes:read',
      email_verified: true,
      preferred_username: 'alice',
      client_id: undefined,
    },
  },
  {
    provider: 'Auth0',
    typ: 'JWT',
    claims: {
      azp: 'abc123clientid',
      gty: 'authorization_code',
      scope: 'openid profile notes:read',
      permissions: ['notes:read'],
      org_id: 'org_123',
      client_id: undefined,
      jti: undefined,
    },
  },
  {
    provider: 'Entra ID v1',
    typ: 'JWT',
    claims: {
      acr: '1',
      aio: 'AXQAi/8TAAAA',
      amr: ['pwd'],
      appid: '00000000-0000-0000-0000-0000000000c1',
      appidacr: '0',
      family_name: 'Doe',
      given_name: 'Alice',
      ipaddr: '192.0.2.10',
      name: 'Alice Doe',
      oid: '00000000-0000-0000-0000-0000000000a1',
      rh: '0.ARoAv4j5cvGGr0GRqy180BHbR',
      scp: 'notes.read',
      tid: '11111111-2222-3333-4444-555555555555',
      unique_name: 'alice@contoso.com',
      uti: 'fqiBqXLPj0eQa82S-IYFAA',
      ver: '1.0',
      client_id: undefined,
      jti: undefined,
    },
  },
  {
    provider: 'Entra ID v2',
    typ: 'JWT',
    claims: {
      aio: 'AXQAi/8TAAAA',
      azp: '00000000-0000-0000-0000-0000000000c1',
      azpacr: '0',
      name: 'Alice Doe',
      oid: '00000000-0000-0000-0000-0000000000a1',
      preferred_username: 'alice@contoso.com',
      rh: '0.ARoAv4j5cvGGr0GRqy180BHbR',
      scp: 'notes.read notes.write',
      tid: '11111111-2222-3333-4444-555555555555',
      uti: 'fqiBqXLPj0eQa82S-IYFAA',
      ver: '2.0',
      client_id: undefined,
      jti: undefined,
    },
  },
  {
    provider: 'Okta',
    typ: undefined,
    claims: {
      ver: 1,
      jti: 'AT.0mP4JKAZX1iACIT4vbEDF7LpvDVjxypPMf0D7uX39RE',
      cid: '0oa1y1ctyobUiQJDt0h7',
      uid: '00uid4BxXw6I6TV4m0g3',
      scp: ['openid', 'notes:read'],
      auth_time: 1_790_000_000,
      client_id: undefined,
    },
  },
  {
    // WorkOS Connect (AuthKit) access token.
    provider: 'WorkOS',
    typ: 'JWT',
    claims: {
      client_id: 'client_01HXYZ',
      org_id: 'org_01HRDMC6CM357W30QMHMQ96Q0S',
      sid: 'consent_01HQSXZGF8FHF7A9ZZFCW4387R',
      scope: 'notes:read',
      jti: '01HQSXZXPPFPKMDD32RKTFY6PV',
    },
  },
  {
    provider: 'Glewlwyd',
    typ: 'at+jwt',
    claims: {
      client_id: 'client1',
      jti: 'abcdxyz1234',
      type: 'access_token',
      scope: 'notes:read g_profile',
      claims: {},
    },
  },
];
