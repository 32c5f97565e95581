import { exportJWK, exportSPKI, importJWK, type CryptoKey } from 'jose';
import type { TestSigningKey } from '@nest-mcp/auth/testing';
import { generateSigningKey } from '@nest-mcp/auth/testing';
import {
  b64url,
  hmacToken,
  signRaw,
  signVerbatim,
  unsignedToken,
} from '../support/raw-jws.js';
import type {
  AttackCase,
  AttackContext,
  AttackExpectation,
  AttackRequest,
} from './attack-context.js';

const INVALID: AttackExpectation = { status: 401, error: 'invalid_token' };
const NO_CREDENTIALS: AttackExpectation = { status: 401, error: null };
const now = () => Math.floor(Date.now() / 1000);

const bearer = (token: string): AttackRequest => ({
  kind: 'authorization',
  value: `Bearer ${token}`,
});

/** A token from the trusted issuer's key with altered claims/header (or signed with `key`). */
const forged =
  (
    claims: Record<string, unknown> = {},
    header: Record<string, unknown> = {},
    key?: (c: AttackContext) => TestSigningKey,
  ) =>
  async (c: AttackContext) =>
    bearer(await c.idp.mint({ claims, header }, key?.(c)));

/** A valid token's payload signed verbatim (any header, any payload text). */
const verbatim =
  (
    header: (c: AttackContext) => Record<string, unknown>,
    payload: (c: AttackContext) => string,
  ) =>
  async (c: AttackContext) =>
    bearer(await signVerbatim(c.idp.key, header(c), payload(c)));

const validPayload = (c: AttackContext) => b64url(JSON.stringify(c.claims()));
const trustedHeader = (c: AttackContext) => ({
  alg: 'RS256',
  kid: c.idp.key.kid,
  typ: 'at+jwt',
});
const valid = async (c: AttackContext) => c.idp.mint();
const segments = async (c: AttackContext) => (await valid(c)).split('.');

const algorithm: AttackCase[] = [
  ...['none', 'None', 'NONE', 'nOnE'].map((alg) => ({
    family: 'algorithm',
    name: `alg "${alg}" unsigned`,
    build: (c: AttackContext) => bearer(unsignedToken(c.claims(), alg)),
    expect: INVALID,
  })),
  {
    family: 'algorithm',
    name: 'alg missing from the header',
    build: (c) =>
      bearer(
        `${b64url(JSON.stringify({ typ: 'JWT', kid: c.idp.key.kid }))}.${validPayload(c)}.`,
      ),
    expect: INVALID,
  },
  ...(['HS256', 'HS384', 'HS512'] as const).map((alg) => ({
    family: 'algorithm',
    name: `${alg} keyed with the public key in PEM`,
    build: async (c: AttackContext) =>
      bearer(
        hmacToken(
          await exportSPKI(c.idp.key.publicKey),
          alg,
          { kid: c.idp.key.kid },
          c.claims(),
        ),
      ),
    expect: INVALID,
  })),
  {
    family: 'algorithm',
    name: 'HS256 keyed with the public JWK as JSON',
    build: async (c) =>
      bearer(
        hmacToken(
          JSON.stringify(await exportJWK(c.idp.key.publicKey)),
          'HS256',
          { kid: c.idp.key.kid },
          c.claims(),
        ),
      ),
    expect: INVALID,
  },
  {
    family: 'algorithm',
    name: 'HS256 keyed with the RSA modulus',
    build: async (c) =>
      bearer(
        hmacToken(
          String((await exportJWK(c.idp.key.publicKey)).n),
          'HS256',
          { kid: c.idp.key.kid },
          c.claims(),
        ),
      ),
    expect: INVALID,
  },
  {
    family: 'algorithm',
    name: 'HS256 keyed with the decoded modulus bytes',
    build: async (c) =>
      bearer(
        hmacToken(
          Buffer.from(
            String((await exportJWK(c.idp.key.publicKey)).n),
            'base64url',
          ),
          'HS256',
          { kid: c.idp.key.kid },
          c.claims(),
        ),
      ),
    expect: INVALID,
  },
  {
    family: 'algorithm',
    name: 'ES256 token under the RSA kid (alg/key-type mismatch)',
    build: async (c) =>
      bearer(
        await c.idp.mint({}, await generateSigningKey('ES256', c.idp.key.kid)),
      ),
    expect: INVALID,
  },
  {
    family: 'algorithm',
    name: 'PS256 (asymmetric but not allowed for this issuer)',
    build: async (c) =>
      bearer(
        await c.idp.mint({}, await generateSigningKey('PS256', c.idp.key.kid)),
      ),
    expect: INVALID,
  },
  {
    family: 'algorithm',
    name: 'RS256 header over an RS512 signature by the trusted key',
    build: async (c) => {
      const privateJwk = await exportJWK(c.idp.key.privateKey);
      const rs512 = {
        alg: 'RS512',
        kid: c.idp.key.kid,
        privateKey: (await importJWK(privateJwk, 'RS512')) as CryptoKey,
      };
      const [, payload, signature] = (
        await signRaw(rs512, JSON.stringify(c.claims()), { alg: 'RS512' })
      ).split('.');
      return bearer(
        `${b64url(JSON.stringify(trustedHeader(c)))}.${payload}.${signature}`,
      );
    },
    expect: INVALID,
  },
  {
    family: 'algorithm',
    name: 'a JWE-style alg (RSA-OAEP)',
    build: (c) =>
      bearer(
        `${b64url(JSON.stringify({ alg: 'RSA-OAEP', kid: c.idp.key.kid }))}.${validPayload(c)}.c2ln`,
      ),
    expect: INVALID,
  },
];

const keyInjection: AttackCase[] = [
  {
    family: 'key injection',
    name: 'jku pointing at the attacker JWKS',
    build: async (c) =>
      bearer(
        await c.idp.mint(
          { header: { jku: c.lure.jwksUri, kid: c.attacker.kid } },
          c.attacker,
        ),
      ),
    expect: INVALID,
  },
  {
    family: 'key injection',
    name: 'x5u pointing at the attacker server',
    build: async (c) =>
      bearer(
        await c.idp.mint(
          { header: { x5u: `${c.lure.issuer}/cert.pem` } },
          c.attacker,
        ),
      ),
    expect: INVALID,
  },
  {
    family: 'key injection',
    name: 'embedded jwk of the attacker key',
    build: async (c) =>
      bearer(
        await c.idp.mint({ header: { jwk: c.attacker.publicJwk } }, c.attacker),
      ),
    expect: INVALID,
  },
  {
    family: 'key injection',
    name: 'embedded x5c chain',
    build: async (c) =>
      bearer(
        await c.idp.mint(
          {
            header: {
              x5c: [Buffer.from('not a real certificate').toString('base64')],
            },
          },
          c.attacker,
        ),
      ),
    expect: INVALID,
  },
  {
    family: 'key injection',
    name: 'jku with the trusted kid',
    build: async (c) =>
      bearer(
        await c.idp.mint(
          { header: { jku: c.lure.jwksUri, kid: c.idp.key.kid } },
          c.attacker,
        ),
      ),
    expect: INVALID,
  },
  {
    family: 'key injection',
    name: 'path-traversal kid',
    build: async (c) =>
      bearer(
        await c.idp.mint(
          { header: { kid: '../../../../dev/null' } },
          c.attacker,
        ),
      ),
    expect: INVALID,
  },
  {
    family: 'key injection',
    name: 'SQL-looking kid',
    build: async (c) =>
      bearer(
        await c.idp.mint(
          { header: { kid: "x' UNION SELECT 'key" } },
          c.attacker,
        ),
      ),
    expect: INVALID,
  },
];

const untrustedKey: AttackCase[] = [
  {
    family: 'untrusted key',
    name: 'attacker key under the trusted kid',
    build: async (c) =>
      bearer(
        await c.idp.mint(
          { header: { kid: c.idp.key.kid } },
          { ...c.attacker, kid: c.idp.key.kid },
        ),
      ),
    expect: INVALID,
  },
  {
    family: 'untrusted key',
    name: 'attacker key with no kid',
    build: async (c) =>
      bearer(await c.idp.mint({ header: { kid: undefined } }, c.attacker)),
    expect: INVALID,
  },
  {
    family: 'untrusted key',
    name: 'attacker key with an unknown kid',
    build: async (c) => bearer(await c.idp.mint({}, c.attacker)),
    expect: INVALID,
  },
];

const issuerAndAudience: AttackCase[] = [
  ['wrong issuer', { iss: 'https://evil.example' }],
  ['issuer with a trailing slash', { iss: 'TRAILING' }],
  ['issuer as an array', { iss: ['ISSUER'] }],
  ['issuer missing', { iss: undefined }],
  ['issuer as a number', { iss: 42 }],
  ['audience of another resource', { aud: 'https://other.example/mcp' }],
  ['audience with a trailing slash', { aud: 'RESOURCE/' }],
  ['audience missing', { aud: undefined }],
  ['audience of the authorization server itself', { aud: 'ISSUER' }],
  [
    'audience of another path on the same origin',
    { aud: 'http://127.0.0.1:3000/other' },
  ],
  ['audience in uppercase', { aud: 'RESOURCE_UPPER' }],
  [
    'audience array without the resource',
    { aud: ['https://a.example', 'https://b.example'] },
  ],
  ['audience empty string', { aud: '' }],
  ['audience as a number', { aud: 3000 }],
  ['audience as an object', { aud: { resource: 'RESOURCE' } }],
].map(([name, claims]) => ({
  family: 'issuer and audience',
  name: name as string,
  build: async (c: AttackContext) => {
    const resolve = (value: unknown): unknown =>
      value === 'ISSUER'
        ? c.idp.issuer
        : value === 'TRAILING'
          ? `${c.idp.issuer}/`
          : value === 'RESOURCE'
            ? c.resource
            : value === 'RESOURCE/'
              ? `${c.resource}/`
              : value === 'RESOURCE_UPPER'
                ? c.resource.toUpperCase()
                : Array.isArray(value)
                  ? value.map(resolve)
                  : value;
    const altered = Object.fromEntries(
      Object.entries(claims as object).map(([k, v]) => [k, resolve(v)]),
    );
    return bearer(await c.idp.mint({ claims: altered }));
  },
  expect: INVALID,
}));

const time: AttackCase[] = [
  ['expired an hour ago', () => ({ exp: now() - 3600 })],
  ['exp 0', () => ({ exp: 0 })],
  ['exp negative', () => ({ exp: -1 })],
  ['exp as a string', () => ({ exp: String(now() + 600) })],
  ['exp 1e20', () => ({ exp: 1e20 })],
  ['exp null', () => ({ exp: null })],
  ['exp true', () => ({ exp: true })],
  ['exp missing', () => ({ exp: undefined })],
  ['nbf an hour ahead', () => ({ nbf: now() + 3600 })],
  ['nbf as a string', () => ({ nbf: String(now()) })],
  ['iat an hour ahead', () => ({ iat: now() + 3600 })],
  ['iat as a string', () => ({ iat: 'yesterday' })],
].map(([name, claims]) => ({
  family: 'time',
  name: name as string,
  build: async (c: AttackContext) =>
    bearer(
      await c.idp.mint({ claims: (claims as () => Record<string, unknown>)() }),
    ),
  expect: INVALID,
}));
time.push({
  family: 'time',
  name: 'exp 1e400 (Infinity once parsed)',
  build: verbatim(trustedHeader, (c) =>
    b64url(
      JSON.stringify({ ...c.claims(), exp: 0 }).replace(
        '"exp":0',
        '"exp":1e400',
      ),
    ),
  ),
  expect: INVALID,
});

const subject: AttackCase[] = [
  ['missing', undefined],
  ['empty', ''],
  ['a number', 7],
  ['null', null],
  ['an array', ['alice']],
  ['an object', { id: 'alice' }],
].map(([name, sub]) => ({
  family: 'subject',
  name: `sub ${name as string}`,
  build: forged({ sub }),
  expect: INVALID,
}));

/** `scope` is one space-separated string (RFC 9068 §2.2.3, RFC 8693 §4.2); only `scp` may be an array. */
const scope: AttackCase[] = [
  ['scope as an array', { scope: ['notes:read', 'notes:write'] }],
  ['scope as an empty array', { scope: [] }],
  ['scope as a number', { scope: 1 }],
  ['scope as an object', { scope: { 'notes:write': true } }],
  ['scope null', { scope: null }],
  ['scp as a number', { scope: undefined, scp: 1 }],
  ['scp as an array holding an object', { scope: undefined, scp: [{}] }],
].map(([name, claims]) => ({
  family: 'scope',
  name: name as string,
  build: forged(claims as Record<string, unknown>),
  expect: INVALID,
}));

type PartialCase = Pick<AttackCase, 'name' | 'build'> & Partial<AttackCase>;

const structure: AttackCase[] = (<PartialCase[]>[
  {
    name: 'two segments',
    build: async (c) => bearer((await segments(c)).slice(0, 2).join('.')),
  },
  {
    name: 'four segments',
    build: async (c) => bearer(`${await valid(c)}.extra`),
  },
  {
    name: 'five segments (JWE shape)',
    build: async (c) => bearer(`${await valid(c)}.a.b`),
  },
  {
    name: 'truncated signature',
    build: async (c) => bearer((await valid(c)).slice(0, -10)),
  },
  {
    name: 'truncated in the payload',
    build: async (c) => bearer((await valid(c)).slice(0, 120)),
  },
  {
    name: 'signature stripped',
    build: async (c) => bearer(`${(await segments(c)).slice(0, 2).join('.')}.`),
  },
  {
    name: 'signature of another valid token',
    build: async (c) => {
      const [h, p] = await segments(c);
      const other = (await c.idp.mint({ subject: 'someone-else' })).split(
        '.',
      )[2];
      return bearer(`${h}.${p}.${other}`);
    },
  },
  {
    name: 'payload tampered (sub changed)',
    build: async (c) => {
      const [h, , s] = await segments(c);
      return bearer(
        `${h}.${b64url(JSON.stringify({ ...c.claims(), sub: 'admin' }))}.${s}`,
      );
    },
  },
  {
    name: 'header tampered (kid changed)',
    build: async (c) => {
      const [, p, s] = await segments(c);
      return bearer(
        `${b64url(JSON.stringify({ ...trustedHeader(c), kid: 'other' }))}.${p}.${s}`,
      );
    },
  },
  {
    name: 'non-base64url payload',
    build: async (c) => bearer(`${(await segments(c))[0]}.***.abc`),
  },
  {
    name: 'non-JSON header',
    build: (c) => bearer(`${b64url('not json')}.${validPayload(c)}.c2ln`),
  },
  { name: 'empty segments', build: () => bearer('..') },
  {
    name: 'signed payload that is a JSON array',
    build: verbatim(trustedHeader, () => b64url('["a","b"]')),
  },
  {
    name: 'signed payload that is a JSON string',
    build: verbatim(trustedHeader, () => b64url('"hello"')),
  },
  {
    name: 'signed payload that is not JSON',
    build: verbatim(trustedHeader, () => b64url('{not json')),
  },
  {
    name: 'unknown crit header parameter',
    build: verbatim(
      (c) => ({
        ...trustedHeader(c),
        crit: ['x-critical'],
        'x-critical': true,
      }),
      validPayload,
    ),
  },
  {
    name: 'b64:false unencoded payload',
    build: verbatim(
      (c) => ({ ...trustedHeader(c), b64: false, crit: ['b64'] }),
      (c) => JSON.stringify(c.claims()),
    ),
  },
  {
    name: 'typ of a DPoP proof',
    build: forged({}, { typ: 'dpop+jwt' }),
  },
]).map((entry) => ({ family: 'structure', expect: INVALID, ...entry }));

const transport: AttackCase[] = (<PartialCase[]>[
  {
    name: 'Basic credentials',
    build: () => ({ kind: 'authorization', value: 'Basic dXNlcjpwYXNz' }),
    expect: NO_CREDENTIALS,
  },
  {
    name: 'Token scheme',
    build: async (c) => ({
      kind: 'authorization',
      value: `Token ${await valid(c)}`,
    }),
    expect: NO_CREDENTIALS,
  },
  {
    name: 'Bearer with nothing after it',
    build: () => ({ kind: 'authorization', value: 'Bearer' }),
    expect: NO_CREDENTIALS,
  },
  {
    name: 'Bearer followed by spaces only',
    build: () => ({
      kind: 'raw-headers',
      lines: ['Authorization: Bearer      '],
    }),
    expect: NO_CREDENTIALS,
  },
  {
    name: 'Bearer and a tab',
    build: async (c) => ({
      kind: 'raw-headers',
      lines: [`Authorization: Bearer\t${await valid(c)}`],
    }),
    expect: NO_CREDENTIALS,
  },
  {
    name: 'token only in the query string',
    build: async (c) => ({ kind: 'query', token: await valid(c) }),
    expect: NO_CREDENTIALS,
  },
  {
    name: 'token only in a form body',
    build: async (c) => ({ kind: 'form', token: await valid(c) }),
    expect: NO_CREDENTIALS,
  },
  {
    name: 'two Authorization headers',
    build: async (c) => ({
      kind: 'raw-headers',
      lines: [
        `Authorization: Bearer ${await valid(c)}`,
        `Authorization: Bearer ${await valid(c)}`,
      ],
    }),
    expect: { status: 400, error: 'invalid_request' },
  },
  {
    name: '12 KB token',
    build: () => bearer(`${'a'.repeat(6000)}.${'b'.repeat(6000)}.c`),
    expect: INVALID,
  },
  {
    name: '20 KB token (over the token cap)',
    build: () => bearer('a'.repeat(20_000)),
    expect: { status: 431, error: 'no-challenge' },
  },
  {
    name: '64 KB token',
    build: () => bearer('a'.repeat(64 * 1024)),
    expect: { status: 431, error: 'no-challenge' },
  },
  {
    name: 'non-ASCII bytes in the token',
    build: async (c) => ({
      kind: 'raw-headers',
      lines: [`Authorization: Bearer ${await valid(c)}\u00e9\u00ff`],
    }),
    expect: INVALID,
  },
  {
    name: 'quote injection',
    build: () => bearer('abc", error="none'),
    expect: INVALID,
  },
  {
    name: 'bare CR header splitting attempt',
    build: () => ({
      kind: 'raw-headers',
      lines: ['Authorization: Bearer abc\rX-Injected: 1'],
    }),
    expect: { status: 400, error: 'no-challenge' },
  },
  {
    name: 'scheme with a comma list',
    build: async (c) => bearer(`${await valid(c)}, Basic abc`),
    expect: INVALID,
  },
]).map((entry) => ({ family: 'transport', expect: INVALID, ...entry }));

const replay: AttackCase[] = [
  {
    family: 'replay',
    name: 'OIDC id_token replayed as an access token',
    build: async (c) =>
      bearer(
        await c.idp.mint({
          claims: {
            aud: 'test-client',
            nonce: 'n-0S6_WzA2Mj',
            at_hash: 'HK6E_P6Dh8Y93mRNtsDB1Q',
            auth_time: now(),
          },
          header: { typ: 'JWT' },
        }),
      ),
    expect: INVALID,
  },
  {
    family: 'replay',
    name: 'access token issued for another resource of the same AS',
    build: async (c) =>
      bearer(await c.idp.mint({ audience: 'https://calendar.example/mcp' })),
    expect: INVALID,
  },
];

/** Every attack, by family (RFC 9068 §4, RFC 8725 §3, RFC 6750 §2–3, RFC 9728 §5.1). */
export const ATTACK_CORPUS: readonly AttackCase[] = [
  ...algorithm,
  ...keyInjection,
  ...untrustedKey,
  ...issuerAndAudience,
  ...time,
  ...subject,
  ...scope,
  ...structure,
  ...transport,
  ...replay,
];
