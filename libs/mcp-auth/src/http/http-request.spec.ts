import { describe, expect, it } from '@jest/globals';
import { headerValues } from '../guard/header-values.js';
import { rawHeadersOf, requestPathOf } from './http-request.js';

describe('rawHeadersOf (every header as received, on either platform)', () => {
  const raw = ['Authorization', 'Bearer a', 'authorization', 'Bearer b'];

  it('reads a Node (Express) request itself', () => {
    expect(rawHeadersOf({ rawHeaders: raw })).toBe(raw);
  });

  it('reads the Node request a Fastify request wraps', () => {
    expect(rawHeadersOf({ raw: { rawHeaders: raw } })).toBe(raw);
  });

  it('lets two Authorization headers of a Fastify request be told apart (RFC 6750 §2.1)', () => {
    const fastifyRequest = {
      headers: { authorization: 'Bearer a' },
      raw: { rawHeaders: raw },
    };
    expect(headerValues(fastifyRequest, 'authorization')).toEqual([
      'Bearer a',
      'Bearer b',
    ]);
  });
});

describe('requestPathOf (the path as received, without the query)', () => {
  it.each([
    [{ originalUrl: '/api/mcp?x=1', url: '/mcp?x=1' }, '/api/mcp'],
    [{ url: '/notes?access_token=t' }, '/notes'],
    [{ url: 'notes' }, '/notes'],
    [{}, '/'],
  ])('%j → %s', (request, path) => {
    expect(requestPathOf(request)).toBe(path);
  });
});
