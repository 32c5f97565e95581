/** Keys and arguments of one script call, as node-redis takes them. */
export interface ScriptCall {
  readonly keys: string[];
  readonly arguments: string[];
}

/**
 * The part of a node-redis client (`redis` / `@redis/client`: `createClient`, `createCluster`,
 * `createSentinel`) this package uses: the user's own client, with its connection, cluster,
 * sentinel and TLS settings.
 *
 * @publicApi
 */
export interface RedisScriptClient {
  /** `EVALSHA`. */
  evalSha(sha1: string, options: ScriptCall): Promise<unknown>;
  /** `EVAL` (loads the script into Redis's cache as well). */
  eval(script: string, options: ScriptCall): Promise<unknown>;
}

/** Runs a script by its SHA-1, sending it whole once when Redis does not know it (`NOSCRIPT`). */
export async function runScript(
  client: RedisScriptClient,
  script: string,
  sha1: string,
  call: ScriptCall,
): Promise<unknown> {
  try {
    return await client.evalSha(sha1, call);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT'))
      throw error;
    return client.eval(script, call);
  }
}

/** Redis refused a write for lack of memory (`maxmemory` with `noeviction`): the store is full. */
export function isOutOfMemory(error: unknown): boolean {
  return error instanceof Error && error.message.includes('OOM command');
}
