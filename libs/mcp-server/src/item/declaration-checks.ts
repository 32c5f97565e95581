import { isScopeToken } from '@nest-mcp/auth';
import { UriTemplate } from '@modelcontextprotocol/server';
import { ITEM_NAME_PATTERN } from '../mcp-server.constants.js';
import { McpServerConfigError } from '../mcp-server.errors.js';

/**
 * Checks what every declaration has: a name, scope tokens, and completers only for `completable`
 * (the template variables or prompt arguments).
 */
export function checkDeclaration(
  where: string,
  options: {
    readonly name?: unknown;
    readonly scopes?: readonly string[];
    readonly complete?: Readonly<Record<string, unknown>>;
  },
  completable: { readonly names: readonly string[]; readonly what: string } = {
    names: [],
    what: 'completable value',
  },
): void {
  checkName(where, options.name);
  checkScopes(where, options.scopes);
  checkCompleters(where, options.complete, completable.names, completable.what);
}

/** Refuses a scope that is not an RFC 6749 §3.3 scope token. */
export function checkScopes(
  where: string,
  scopes: readonly string[] | undefined,
): void {
  const invalid = (scopes ?? []).find((scope) => !isScopeToken(scope));
  if (invalid !== undefined) {
    throw new McpServerConfigError(
      where,
      `scope "${invalid}" is not a valid scope token`,
    );
  }
}

/** Refuses a prompt, resource or template name that is empty, too long or has control characters. */
function checkName(where: string, name: unknown): void {
  if (typeof name !== 'string' || !ITEM_NAME_PATTERN.test(name)) {
    throw new McpServerConfigError(
      where,
      `name "${String(name)}" must be 1-128 characters without control characters or surrounding spaces`,
    );
  }
}

/** The absolute URI `uri` as the SDK looks it up (`new URL(uri).href`), or a boot error. */
export function normalizedUri(where: string, uri: unknown): string {
  let parsed: URL | undefined;
  try {
    parsed = typeof uri === 'string' ? new URL(uri) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed) {
    throw new McpServerConfigError(
      where,
      `uri "${String(uri)}" must be an absolute URI such as config://app`,
    );
  }
  if (UriTemplate.isTemplate(String(uri))) {
    throw new McpServerConfigError(
      where,
      `uri "${String(uri)}" is a URI template; declare it with @ResourceTemplate({ uriTemplate })`,
    );
  }
  return parsed.href;
}

/** The parsed RFC 6570 template `uriTemplate`, or a boot error. */
export function parsedUriTemplate(
  where: string,
  uriTemplate: unknown,
): UriTemplate {
  let parsed: UriTemplate | undefined;
  try {
    parsed =
      typeof uriTemplate === 'string' && UriTemplate.isTemplate(uriTemplate)
        ? new UriTemplate(uriTemplate)
        : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.variableNames.length === 0) {
    throw new McpServerConfigError(
      where,
      `uriTemplate "${String(uriTemplate)}" must be an RFC 6570 URI template with at least one variable, such as notes://{id}`,
    );
  }
  return parsed;
}

/** Refuses completers for names that are not among `known` (template variables, prompt arguments). */
function checkCompleters(
  where: string,
  complete: Readonly<Record<string, unknown>> | undefined,
  known: readonly string[],
  what: string,
): void {
  for (const [name, completer] of Object.entries(complete ?? {})) {
    if (!known.includes(name)) {
      throw new McpServerConfigError(
        where,
        `complete.${name}: no such ${what}; known: ${known.join(', ') || '(none)'}`,
      );
    }
    if (typeof completer !== 'string' && typeof completer !== 'function') {
      throw new McpServerConfigError(
        where,
        `complete.${name} must be a method name of the same provider or a function`,
      );
    }
  }
}
