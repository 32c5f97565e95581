import { describe, expect, it } from '@jest/globals';
import {
  REPLICA_ID_PATTERN,
  replicaOfSessionId,
  sessionIdGenerator,
} from './session-ids.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe('session ids (replica prefix)', () => {
  it('prefixes each new id with the replica id: r1.<uuid>, a fresh one each time', () => {
    const next = sessionIdGenerator('r1');
    const [a, b] = [next(), next()];
    expect(a).toMatch(new RegExp(`^r1\\.${UUID.source}$`));
    expect(b).not.toBe(a);
    expect(replicaOfSessionId(a)).toBe('r1');
  });

  it('makes bare UUIDs without a replica id, which name no replica', () => {
    const id = sessionIdGenerator(undefined)();
    expect(id).toMatch(new RegExp(`^${UUID.source}$`));
    expect(replicaOfSessionId(id)).toBeUndefined();
  });

  it('makes ids of visible ASCII only (MCP Streamable HTTP session ids)', () => {
    expect(sessionIdGenerator('replica_A-7')()).toMatch(/^[\x21-\x7e]+$/);
  });

  it.each(['r1', 'eu-west_2', 'A'.repeat(32)])('accepts replica id %p', (id) =>
    expect(REPLICA_ID_PATTERN.test(id)).toBe(true),
  );

  it.each(['', 'r.1', 'r 1', 'r1\n', 'a'.repeat(33), 'r1;', 'réplica', '$r1'])(
    'refuses replica id %p (header- and nginx-map-safe, no dot)',
    (id) => expect(REPLICA_ID_PATTERN.test(id)).toBe(false),
  );
});
