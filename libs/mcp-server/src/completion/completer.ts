/** What a completer is told besides the value typed so far. */
export interface CompletionContext {
  /** The other arguments (or template variables) the client already filled in. */
  readonly arguments: Readonly<Record<string, string>>;
}

/** A completer given as a function: the suggestions for `value` (the SDK sends the first 100). */
export type CompleterFunction = (
  value: string,
  context: CompletionContext,
) => readonly string[] | Promise<readonly string[]>;

/**
 * Completion of one prompt argument or template variable (`completion/complete`): the name of a
 * method on the same provider, run as a Nest handler (guards, interceptors, pipes,
 * `@ResourceOwner()`, `@CompletionValue()`, `@CompletionArguments()`) and returning the
 * suggestions; or a plain function for suggestions that depend on nobody.
 */
export type Completer = string | CompleterFunction;

/** Completers by the prompt argument or template variable they complete. */
export type Completers = Readonly<Record<string, Completer>>;

/** Everything about one `completion/complete` that a completer method can ask for. */
export interface CompletionRequest {
  /** The prompt argument or template variable being completed. */
  readonly argument: string;
  /** What the user typed so far. */
  readonly value: string;
  /** The other arguments (or variables) already filled in. */
  readonly arguments: Readonly<Record<string, string>>;
}
