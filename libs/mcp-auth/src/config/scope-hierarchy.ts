import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';
import { isScopeToken } from './scope-syntax.js';

const OPTION = 'scopeHierarchy';

/**
 * Validates `scopeHierarchy` (`{ broad: [narrower, …] }`) and returns, for each broad scope, every
 * scope it implies, followed transitively. A cycle (`a` implies `b` implies `a`) is refused: it
 * would make the scopes equal, which is better said by granting both.
 */
export function resolveScopeHierarchy(
  value: unknown,
): ReadonlyMap<string, ReadonlySet<string>> {
  if (value === undefined) return new Map();
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new McpAuthConfigError(
      OPTION,
      'must be an object mapping a scope to the scopes it implies, e.g. { "notes:admin": ["notes:read", "notes:write"] }',
    );
  }
  const direct = new Map<string, readonly string[]>();
  for (const [scope, implied] of Object.entries(value)) {
    if (!isScopeToken(scope)) {
      throw new McpAuthConfigError(
        OPTION,
        `"${scope}" is not a valid scope (printable ASCII, no spaces, quotes or backslashes)`,
      );
    }
    if (
      !Array.isArray(implied) ||
      implied.length === 0 ||
      !implied.every(isScopeToken)
    ) {
      throw new McpAuthConfigError(
        `${OPTION}.${scope}`,
        'must be a non-empty array of valid scopes',
      );
    }
    direct.set(scope, implied as string[]);
  }
  const closure = new Map<string, ReadonlySet<string>>();
  for (const scope of direct.keys()) {
    closure.set(scope, Object.freeze(impliedBy(scope, direct)));
  }
  return closure;
}

function impliedBy(
  root: string,
  direct: ReadonlyMap<string, readonly string[]>,
): Set<string> {
  const found = new Set<string>();
  const walk = (scope: string, path: readonly string[]) => {
    for (const next of direct.get(scope) ?? []) {
      if (next === root || path.includes(next)) {
        throw new McpAuthConfigError(
          OPTION,
          `cycle ${[...path, next].join(' -> ')}; a scope cannot imply itself`,
        );
      }
      if (found.has(next)) continue;
      found.add(next);
      walk(next, [...path, next]);
    }
  };
  walk(root, [root]);
  return found;
}

/** Parses the environment form of `scopeHierarchy`: a JSON object such as `{"notes:admin":["notes:read"]}`. */
export function parseScopeHierarchy(
  value: string,
  variable: string,
): Record<string, string[]> {
  try {
    return JSON.parse(value) as Record<string, string[]>;
  } catch {
    throw new McpAuthConfigError(
      variable,
      'is not valid JSON; write an object like {"notes:admin":["notes:read","notes:write"]}',
    );
  }
}
