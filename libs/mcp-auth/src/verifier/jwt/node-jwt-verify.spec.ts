import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  importJWK,
  importPKCS8,
  jwtVerify,
  type CryptoKey,
  type JWTPayload,
} from 'jose';
import {
  generateKeyPair,
  generateKeyPairSync,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import { b64url, signVerbatim } from '../../../../../test/support/raw-jws.js';
import { InvalidTokenError } from '../../errors/mcp-auth.errors.js';
import { ASYMMETRIC_ALGORITHMS } from '../../mcp-auth.constants.js';
import type { ClaimsCheckOptions } from './claims-checks.js';
import { parseCompactJwt } from './compact-jwt.js';
import { reasonFromJoseError } from './jose-error-mapping.js';
import { verifyJwtWithNodeCrypto } from './node-jwt-verify.js';
import { scopesFromClaims } from './scopes-from-claims.js';
import { headerProblem, ownerClaimsProblem } from './token-rules.js';

const ISS = 'https://as.example.com';
const RES = 'https://mcp.example.com/mcp';
const ALGS = ASYMMETRIC_ALGORITHMS;
const RUNS = Number(process.env.DIFFERENTIAL_RUNS ?? 3000);
/**
 * Work here is bounded by count (RUNS tokens), not by time; the limit below only catches a hang,
 * with a wide margin over the ~10 s a busy 2-core machine needs.
 */
const PROPERTY_TIMEOUT_MS = 180_000;
const now = () => Math.floor(Date.now() / 1000);

type Outcome =
  | { ok: true; claims: unknown }
  | { ok: false; reason: string }
  | { fallback: true };

/** A private key usable by `signVerbatim`. */
interface Signer {
  readonly alg: string;
  readonly kid: string;
  readonly privateKey: CryptoKey;
}

/** A signer and the public key imported for its algorithm, as `ImportedJwk` imports it. */
interface AlgKeys {
  readonly signer: Signer;
  readonly stranger: Signer;
  readonly verifyKey: CryptoKey;
}

/**
 * The key family of each algorithm. One key pair serves every algorithm of its family (an RSA key
 * signs RS* and PS* alike), so the suite generates 10 key pairs instead of 22; the property needs
 * a right key and a wrong one per algorithm, not a fresh key per algorithm.
 */
const FAMILY: Record<(typeof ALGS)[number], string> = {
  RS256: 'rsa',
  RS384: 'rsa',
  RS512: 'rsa',
  PS256: 'rsa',
  PS384: 'rsa',
  PS512: 'rsa',
  ES256: 'P-256',
  ES384: 'P-384',
  ES512: 'P-521',
  EdDSA: 'ed25519',
  Ed25519: 'ed25519',
};

const generatePair = promisify(generateKeyPair);

/** A key pair of one family (RSA 2048, the smallest size jose accepts, RFC 7518 §3.3). */
function pairOf(family: string): Promise<{
  publicKey: KeyObject;
  privateKey: KeyObject;
}> {
  if (family === 'rsa') return generatePair('rsa', { modulusLength: 2048 });
  if (family === 'ed25519') return generatePair('ed25519');
  return generatePair('ec', { namedCurve: family });
}

/** The private key imported for `alg`, as a signer of `signVerbatim`. */
async function signerFor(alg: string, pair: { privateKey: KeyObject }) {
  const pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' });
  const privateKey = await importPKCS8(pem.toString(), alg);
  return { alg, kid: randomUUID(), privateKey };
}

async function viaJose(
  token: string,
  key: CryptoKey,
  options: ClaimsCheckOptions,
): Promise<Outcome> {
  try {
    return { ok: true, claims: (await jwtVerify(token, key, options)).payload };
  } catch (error) {
    return { ok: false, reason: reasonFromJoseError(error) };
  }
}

async function viaNode(
  token: string,
  key: CryptoKey,
  options: ClaimsCheckOptions,
): Promise<Outcome> {
  try {
    const verified = await verifyJwtWithNodeCrypto(
      parseCompactJwt(token),
      async () => [key],
      options,
    );
    return verified
      ? { ok: true, claims: verified.payload }
      : { fallback: true };
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error;
    return { ok: false, reason: error.reason };
  }
}

type Verify = (
  token: string,
  key: CryptoKey,
  options: ClaimsCheckOptions,
) => Promise<Outcome>;

/**
 * A token through the verifier's whole order of checks with `verify` (node:crypto or jose) in the
 * middle: parsing, the header rules, the signature and jose's claims checks, then the owner claim
 * and scope rules. `reached` tells whether `verify` was called at all.
 */
async function throughRules(
  verify: Verify,
  token: string,
  key: CryptoKey,
  options: ClaimsCheckOptions,
  requireAtJwt: boolean,
): Promise<Outcome & { reached: boolean }> {
  let header;
  try {
    header = parseCompactJwt(token).header;
  } catch (error) {
    return {
      ok: false,
      reason: (error as InvalidTokenError).reason,
      reached: false,
    };
  }
  const refusal = headerProblem(header, {
    algorithms: options.algorithms ?? [],
    requireAtJwt,
  });
  if (refusal) return { ok: false, reason: refusal, reached: false };
  const outcome = await verify(token, key, options);
  if (!('ok' in outcome) || !outcome.ok) return { ...outcome, reached: true };
  const claims = outcome.claims as JWTPayload;
  const problem =
    ownerClaimsProblem(
      claims,
      options.clockTolerance,
      Math.floor(options.currentDate!.getTime() / 1000),
    ) ?? (scopesFromClaims(claims) === undefined ? 'bad_claims' : undefined);
  return problem
    ? { ok: false, reason: problem, reached: true }
    : { ...outcome, reached: true };
}

/** Usually `good`, sometimes one of `bad`: most generated tokens pass, each check still fails often. */
function mostly<T>(
  good: fc.Arbitrary<T>,
  bad: fc.Arbitrary<T>,
): fc.Arbitrary<T> {
  return fc.oneof(
    { weight: 6, arbitrary: good },
    { weight: 1, arbitrary: bad },
  );
}
const relative = (min: number, max: number) =>
  fc.integer({ min, max }).map((rel) => ({ rel }));
const absent = fc.constant(undefined);
/** Seconds from now at the edges of the checks with a clock tolerance of 0 or 60 s. */
const edges = (...offsets: number[]) =>
  fc.constantFrom(...offsets).map((rel) => ({ rel }));

/** Claim values around every boundary jose checks, and of the wrong JSON type. */
const claimsArb = fc.record({
  iss: mostly(
    fc.constant<unknown>(ISS),
    fc.constantFrom<unknown>(`${ISS}/`, 'https://evil.example', 5, undefined),
  ),
  aud: mostly(
    fc.constantFrom<unknown>(RES, [RES], ['https://other.example', RES]),
    fc.constantFrom<unknown>(
      'https://other.example/mcp',
      ['https://other.example'],
      [],
      7,
      [7],
      null,
      undefined,
    ),
  ),
  sub: mostly(
    fc.constant<unknown>('alice'),
    fc.constantFrom<unknown>('', 9, null, undefined),
  ),
  exp: mostly(
    relative(30, 900),
    fc.oneof(
      relative(-200, 30),
      edges(-61, -60, -59, -1, 0, 1),
      fc.constantFrom<unknown>('soon', null, 1e20, 0, true, undefined),
    ),
  ),
  nbf: mostly(
    fc.oneof(absent, relative(-200, 0)),
    fc.oneof(
      relative(-100, 200),
      edges(-1, 0, 1, 59, 60, 61),
      fc.constantFrom<unknown>('x', null),
    ),
  ),
  iat: mostly(
    fc.oneof(absent, relative(-100, 0)),
    fc.oneof(
      relative(-1000, 200),
      edges(-361, -360, -359, -301, -300, -299, -1, 0, 1, 59, 60, 61),
      fc.constantFrom<unknown>('x', null),
    ),
  ),
  scope: fc.constantFrom<unknown>(undefined, 'notes:read', ['a', 'b'], 7),
});

const headerArb = fc.record({
  alg: fc.oneof(
    { weight: 8, arbitrary: fc.constant('same') },
    { weight: 1, arbitrary: fc.constantFrom(...ALGS, 'none', 'HS256') },
  ),
  typ: fc.constantFrom<unknown>(
    undefined,
    'JWT',
    'jwt',
    'at+jwt',
    'AT+JWT',
    'application/at+jwt',
    'application/jwt',
    'dpop+jwt',
    5,
  ),
  extension: fc.oneof(
    { weight: 10, arbitrary: fc.constant('none') },
    { weight: 1, arbitrary: fc.constantFrom('crit', 'b64') },
  ),
});

const tamperArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { kind: 'stranger' as const },
      { kind: 'other-payload' as const },
      { kind: 'truncate' as const },
      { kind: 'empty' as const },
    ),
  },
);

const optionsArb = fc.record({
  clockTolerance: fc.constantFrom(0, 60),
  maxTokenAge: fc.constantFrom(undefined, 300),
  typ: mostly(fc.constant(undefined), fc.constant('at+jwt')),
  allowAll: mostly(fc.constant(true), fc.constant(false)),
});

describe('verifyJwtWithNodeCrypto: differential against jose jwtVerify (the node:crypto cold path)', () => {
  const keys = new Map<string, AlgKeys>();

  beforeAll(async () => {
    const families = [...new Set(Object.values(FAMILY))];
    const pairs = new Map(
      await Promise.all(
        families.map(
          async (family) =>
            [
              family,
              await Promise.all([pairOf(family), pairOf(family)]),
            ] as const,
        ),
      ),
    );
    for (const alg of ALGS) {
      const [own, other] = pairs.get(FAMILY[alg])!;
      const jwk = own.publicKey.export({ format: 'jwk' });
      keys.set(alg, {
        signer: await signerFor(alg, own),
        stranger: await signerFor(alg, other),
        verifyKey: (await importJWK(jwk, alg)) as CryptoKey,
      });
    }
  }, PROPERTY_TIMEOUT_MS);

  it(
    `gives jose's outcome on ${RUNS} generated valid and invalid tokens, and takes most of them`,
    async () => {
      let compared = 0;
      let reached = 0;
      let accepted = 0;
      let fellBack = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ALGS),
          headerArb,
          claimsArb,
          tamperArb,
          optionsArb,
          async (alg, headerSpec, claimSpec, tamper, optionSpec) => {
            const { signer, stranger, verifyKey } = keys.get(alg)!;
            const t = now();
            const claims = Object.fromEntries(
              Object.entries(claimSpec)
                .filter(([, value]) => value !== undefined)
                .map(([name, value]) => [
                  name,
                  isRelative(value) ? t + value.rel : value,
                ]),
            );
            const header: Record<string, unknown> = {
              alg: headerSpec.alg === 'same' ? alg : headerSpec.alg,
              kid: signer.kid,
            };
            if (headerSpec.typ !== undefined) header.typ = headerSpec.typ;
            if (headerSpec.extension === 'crit') header.crit = ['exp'];
            if (headerSpec.extension === 'b64') header.b64 = false;
            const payload = b64url(JSON.stringify(claims));
            const token = tampered(
              await signVerbatim(
                tamper.kind === 'stranger' ? stranger : signer,
                header,
                payload,
              ),
              tamper,
            );
            const options: ClaimsCheckOptions = {
              issuer: ISS,
              audience: [RES],
              algorithms: optionSpec.allowAll ? [...ALGS] : ['ES256', 'RS256'],
              clockTolerance: optionSpec.clockTolerance,
              maxTokenAge: optionSpec.maxTokenAge,
              requiredClaims: ['exp', 'sub'],
              currentDate: new Date(t * 1000),
            };
            const requireAtJwt = optionSpec.typ !== undefined;
            const [node, jose] = await Promise.all([
              throughRules(viaNode, token, verifyKey, options, requireAtJwt),
              throughRules(viaJose, token, verifyKey, options, requireAtJwt),
            ]);
            if ('fallback' in node) {
              fellBack += 1;
              return;
            }
            compared += 1;
            if (node.reached) reached += 1;
            if (node.ok) accepted += 1;
            expect(node).toEqual(jose);
          },
        ),
        { numRuns: RUNS },
      );
      process.stdout.write(
        `differential: ${compared} compared (${reached} past the header rules), ${accepted} accepted, ${fellBack} handed to jose\n`,
      );
      // The property is only worth something if the fast path decided most tokens, and if a good
      // share of them were valid (the generators are weighted for that).
      expect(compared).toBeGreaterThan(RUNS * 0.8);
      expect(reached).toBeGreaterThan(RUNS * 0.4);
      expect(accepted).toBeGreaterThan(RUNS * 0.05);
      expect(fellBack).toBeLessThan(RUNS * 0.2);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('hands to jose a token with `crit` or `b64`, and a key imported for another algorithm', async () => {
    const { signer, verifyKey } = keys.get('RS256')!;
    const claims = b64url(
      JSON.stringify({ iss: ISS, aud: RES, sub: 'a', exp: now() + 60 }),
    );
    const options: ClaimsCheckOptions = {
      issuer: ISS,
      audience: [RES],
      algorithms: [...ALGS],
      clockTolerance: 0,
      requiredClaims: ['exp', 'sub'],
    };
    for (const extra of [{ crit: ['exp'] }, { b64: false }]) {
      const token = await signVerbatim(
        signer,
        { alg: 'RS256', ...extra },
        claims,
      );
      expect(await viaNode(token, verifyKey, options)).toEqual({
        fallback: true,
      });
    }
    const psKey = keys.get('PS256')!.verifyKey;
    const token = await signVerbatim(signer, { alg: 'RS256' }, claims);
    expect(await viaNode(token, psKey, options)).toEqual({ fallback: true });
    expect(await viaNode(token, verifyKey, options)).toMatchObject({
      ok: true,
    });
  });

  it('hands to jose an RSA key shorter than 2048 bits, which jose refuses (RFC 7518 §3.3)', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const jwk = weak.publicKey.export({ format: 'jwk' });
    const key = (await importJWK(jwk, 'RS256')) as CryptoKey;
    const token = `${b64url('{"alg":"RS256"}')}.${b64url(
      JSON.stringify({ iss: ISS, aud: RES, sub: 'a', exp: now() + 60 }),
    )}.c2ln`;
    const options: ClaimsCheckOptions = {
      issuer: ISS,
      audience: [RES],
      algorithms: ['RS256'],
      clockTolerance: 0,
      requiredClaims: ['exp', 'sub'],
    };
    expect(await viaNode(token, key, options)).toEqual({ fallback: true });
    expect(await viaJose(token, key, options)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});

function isRelative(value: unknown): value is { rel: number } {
  return typeof value === 'object' && value !== null && 'rel' in value;
}

type Tamper =
  | { kind: 'none' | 'stranger' | 'other-payload' | 'truncate' | 'empty' }
  | { kind: 'flip'; at: number };

/** Re-encodes a changed signature (or payload) canonically, so only the content differs. */
function tampered(token: string, tamper: Tamper): string {
  const [header, payload, signature] = token.split('.');
  const bytes = Buffer.from(signature, 'base64url');
  switch (tamper.kind) {
    case 'none':
    case 'stranger':
      return token;
    case 'flip':
      bytes[tamper.at % bytes.length] ^= 1 << (tamper.at % 8);
      return `${header}.${payload}.${bytes.toString('base64url')}`;
    case 'truncate':
      return `${header}.${payload}.${bytes.subarray(1).toString('base64url')}`;
    case 'empty':
      return `${header}.${payload}.`;
    case 'other-payload':
      return `${header}.${b64url(
        JSON.stringify({
          iss: ISS,
          aud: RES,
          sub: 'mallory',
          exp: now() + 600,
        }),
      )}.${signature}`;
  }
}
