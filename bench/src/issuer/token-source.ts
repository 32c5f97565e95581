/** Hands one token to each request the load generator builds. */
export interface TokenSource {
  /** The token for the next request. */
  take(): string;
  /** Tokens handed out so far. */
  readonly taken: number;
  /** True when a single-use source had to hand out a token twice (the run is then invalid). */
  readonly reused: boolean;
  /** A DPoP proof for the token just taken: the request then uses the `DPoP` scheme. */
  proof?(): string;
}

/** Cycles through `tokens` forever: the warm case, where the same tokens come back. */
export function cyclingTokens(tokens: readonly string[]): TokenSource {
  return tokenSource(tokens, false);
}

/** Each of `tokens` once: the cold case. Past the end it wraps around and reports `reused`. */
export function singleUseTokens(tokens: readonly string[]): TokenSource {
  return tokenSource(tokens, true);
}

function tokenSource(
  tokens: readonly string[],
  singleUse: boolean,
): TokenSource {
  let taken = 0;
  return {
    take: () => tokens[taken++ % tokens.length],
    get taken() {
      return taken;
    },
    get reused() {
      return singleUse && taken > tokens.length;
    },
  };
}
