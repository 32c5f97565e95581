/**
 * Deepest nesting of arrays and objects accepted in an MCP request body. JSON-RPC messages of MCP
 * nest a few levels (tool arguments a few more); a deeper body is refused before any recursive
 * code (serialization, schema validation) could overflow the stack on it.
 */
export const MAX_JSON_DEPTH = 64;

/** True when `value` nests arrays or objects more than `max` levels deep (walked without recursion). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > max) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) {
      if (typeof child === 'object' && child !== null)
        stack.push([child, depth + 1]);
    }
  }
  return false;
}
