import { describe, expect, it } from '@jest/globals';
import { resolveScopeHierarchy } from '../config/scope-hierarchy.js';
import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';
import type { ResolvedMcpAuthOptions } from '../mcp-auth-options.interface.js';
import { ScopePolicy } from './scope-policy.js';

const policy = (hierarchy?: Record<string, string[]>) =>
  new ScopePolicy({
    scopeHierarchy: resolveScopeHierarchy(hierarchy),
  } as ResolvedMcpAuthOptions);

describe('ScopePolicy (MCP 2026-07-28 authorization: scope hierarchies)', () => {
  it('without a hierarchy, needs every scope exactly', () => {
    const scopes = policy();
    expect(scopes.satisfies(['a', 'b'], ['a'])).toBe(true);
    expect(scopes.satisfies(['a'], ['a', 'b'])).toBe(false);
    expect(scopes.satisfies([], [])).toBe(true);
    expect(scopes.satisfies(['A'], ['a'])).toBe(false);
  });

  it('a broad scope satisfies the narrower ones it implies, transitively', () => {
    const scopes = policy({
      'notes:admin': ['notes:write'],
      'notes:write': ['notes:read'],
    });
    expect(scopes.satisfies(['notes:admin'], ['notes:read'])).toBe(true);
    expect(scopes.satisfies(['notes:admin'], ['notes:write'])).toBe(true);
    expect(scopes.satisfies(['notes:write'], ['notes:read'])).toBe(true);
    expect(scopes.satisfies(['notes:read'], ['notes:write'])).toBe(false);
    expect(scopes.satisfies(['notes:admin'], ['notes:read', 'other'])).toBe(
      false,
    );
  });

  it.each([
    [{ a: ['b'], b: ['a'] }, /cycle a -> b -> a/],
    [{ a: ['a'] }, /cycle a -> a/],
    [{ a: ['b'], b: ['c'], c: ['a'] }, /cycle a -> b -> c -> a/],
    [{ a: [] }, /scopeHierarchy\.a.*non-empty/],
    [{ 'bad scope': ['b'] }, /"bad scope" is not a valid scope/],
    [{ a: ['b c'] }, /scopeHierarchy\.a/],
    [['a'], /must be an object/],
  ])('refuses %p at boot', (hierarchy, message) => {
    expect(() => resolveScopeHierarchy(hierarchy)).toThrow(McpAuthConfigError);
    expect(() => resolveScopeHierarchy(hierarchy)).toThrow(message);
  });
});
