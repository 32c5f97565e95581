import { createHash, timingSafeEqual } from 'node:crypto';
import {
  McpCredentialVerifier,
  type McpCredentialVerifierPort,
  type VerifiedCredential,
} from '@nest-mcp/auth';
import type { ApiKeyEntry } from './api-key-list.js';

interface StoredKey {
  /** SHA-256 of the key: the key itself is not kept. */
  readonly digest: Buffer;
  readonly owner: VerifiedCredential;
}

/**
 * API keys for headless callers (CI jobs, agents), presented as `Authorization: Bearer <key>`.
 * Keeps only each key's SHA-256 and compares digests in constant time, over every key, so that
 * neither the match nor its position shows in the timing. A key it does not hold is not its own
 * (`null`): the guard then refuses it (401) unless another path accepts it.
 */
@McpCredentialVerifier('sample-api-keys')
export class ApiKeyVerifier implements McpCredentialVerifierPort {
  private readonly keys: readonly StoredKey[];

  constructor(entries: readonly ApiKeyEntry[]) {
    this.keys = entries.map(({ key, subject, scopes }) => ({
      digest: sha256(key),
      owner: Object.freeze({ subject, scopes, clientId: 'api-key' }),
    }));
  }

  verify(credential: string): VerifiedCredential | null {
    const presented = sha256(credential);
    let match: VerifiedCredential | null = null;
    for (const { digest, owner } of this.keys) {
      if (timingSafeEqual(digest, presented)) match = owner;
    }
    return match;
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
