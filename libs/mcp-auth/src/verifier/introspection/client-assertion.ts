import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';

/** Lifetime of one client assertion, in seconds. */
const ASSERTION_LIFETIME_SECONDS = 60;

/**
 * `private_key_jwt` client authentication (RFC 7523 §2.2, §3): a fresh JWT per request, signed
 * with the resource server's private key, `iss` and `sub` its client id, `aud` the authorization
 * server's issuer identifier, a unique `jti` and a short `exp`. The key is imported once.
 */
export class ClientAssertion {
  /** RFC 7523 §2.2 `client_assertion_type`. */
  static readonly TYPE =
    'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
  private key: Promise<CryptoKey | Uint8Array> | undefined;

  constructor(
    private readonly clientId: string,
    private readonly jwk: Readonly<JWK>,
    private readonly audience: string,
  ) {}

  /** A new signed assertion. */
  async sign(): Promise<string> {
    const alg = this.jwk.alg!;
    this.key ??= importJWK({ ...this.jwk }, alg);
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({
        alg,
        typ: 'JWT',
        ...(this.jwk.kid ? { kid: this.jwk.kid } : {}),
      })
      .setIssuer(this.clientId)
      .setSubject(this.clientId)
      .setAudience(this.audience)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + ASSERTION_LIFETIME_SECONDS)
      .sign(await this.key);
  }
}
