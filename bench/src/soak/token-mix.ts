import {
  generateSigningKey,
  type TestSigningKey,
} from '@nest-mcp/auth/testing';
import type { ReplicaIssuer } from '../replicas/replica-issuer.js';

/** Kinds of presented token; every kind but `valid` must be refused. */
export const TOKEN_KINDS = [
  'valid',
  'expired',
  'wrong-signature',
  'wrong-audience',
  'unknown-kid',
  'malformed',
  'scope-array',
] as const;
/** One kind of presented token. */
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** Share of each kind in the load (valid 58 %, each invalid kind 6 %). */
const WEIGHTS: Readonly<Record<TokenKind, number>> = {
  valid: 58,
  expired: 6,
  'wrong-signature': 6,
  'wrong-audience': 6,
  'unknown-kid': 6,
  malformed: 6,
  'scope-array': 6,
};
const POOL = { valid: 400, invalid: 40 } as const;

/** Pools of tokens of each kind, refreshed when the issuer's signing key changes. */
export class TokenMix {
  private pools = new Map<TokenKind, string[]>();
  private readonly cumulative: Array<[number, TokenKind]> = [];
  private readonly total: number;

  private constructor(
    private readonly issuer: ReplicaIssuer,
    private readonly resource: string,
    private readonly attacker: TestSigningKey,
  ) {
    let sum = 0;
    for (const kind of TOKEN_KINDS) {
      sum += WEIGHTS[kind];
      this.cumulative.push([sum, kind]);
    }
    this.total = sum;
  }

  /** Builds the pools for `issuer`'s current signing key. */
  static async create(
    issuer: ReplicaIssuer,
    resource: string,
  ): Promise<TokenMix> {
    const mix = new TokenMix(
      issuer,
      resource,
      await generateSigningKey('RS256'),
    );
    await mix.refresh();
    return mix;
  }

  /** Mints new pools with the issuer's current signing key (fresh tokens: cold on every replica). */
  async refresh(): Promise<void> {
    const { issuer, resource, attacker } = this;
    const now = Math.floor(Date.now() / 1000);
    const many = (count: number, make: (i: number) => Promise<string>) =>
      Promise.all(Array.from({ length: count }, (_, i) => make(i)));
    const valid = await many(POOL.valid, (i) =>
      issuer.mint({
        audience: resource,
        subject: `user-${i % 50}`,
        scope: 'notes:read',
        expiresIn: 3600,
      }),
    );
    const pools = new Map<TokenKind, string[]>([
      ['valid', valid],
      [
        'expired',
        await many(POOL.invalid, () =>
          issuer.mint({
            audience: resource,
            claims: { iat: now - 7200, exp: now - 3600 },
          }),
        ),
      ],
      [
        'wrong-signature',
        await many(POOL.invalid, () =>
          issuer.mint(
            { audience: resource, header: { kid: issuer.key.kid } },
            attacker,
          ),
        ),
      ],
      [
        'wrong-audience',
        await many(POOL.invalid, () =>
          issuer.mint({ audience: 'https://other.example/mcp' }),
        ),
      ],
      [
        'unknown-kid',
        await many(POOL.invalid, (i) =>
          issuer.mint(
            { audience: resource, header: { kid: `unknown-${now}-${i}` } },
            attacker,
          ),
        ),
      ],
      ['malformed', malformedTokens(valid[0])],
      [
        'scope-array',
        await many(POOL.invalid, () =>
          issuer.mint({
            audience: resource,
            claims: { scope: ['notes:read', 'notes:write'] },
          }),
        ),
      ],
    ]);
    this.pools = pools;
  }

  /** A random kind, by weight, and a token of that kind. */
  pick(): { kind: TokenKind; token: string } {
    const roll = Math.random() * this.total;
    const kind =
      this.cumulative.find(([bound]) => roll < bound)?.[1] ?? 'valid';
    const pool = this.pools.get(kind)!;
    return { kind, token: pool[Math.floor(Math.random() * pool.length)] };
  }
}

/** Malformed bearer values: not a JWT, broken segments, bad base64url, bad JSON, oversized. */
function malformedTokens(valid: string): string[] {
  const [header, payload, signature] = valid.split('.');
  return [
    'not-a-jwt',
    'a.b.c',
    `${header}.${payload}`,
    `${header}.${payload}.${signature}.extra`,
    `${header}.${payload.slice(0, -4)}.${signature}`,
    `${header}.!!!!.${signature}`,
    `${Buffer.from('{"alg":').toString('base64url')}.${payload}.${signature}`,
    `${header}.${Buffer.from('[1,2,3]').toString('base64url')}.${signature}`,
    'x'.repeat(6_000),
    `${header}..${signature}`,
  ];
}
