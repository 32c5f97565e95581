import { describe, expect, it } from '@jest/globals';
import { requestNeeds, resourceKeyOf } from './request-needs.js';

const request = (method: string, params?: object) => ({
  jsonrpc: '2.0',
  id: 1,
  method,
  params,
});

describe('requestNeeds', () => {
  it('names the one item a call uses', () => {
    expect(requestNeeds(request('tools/call', { name: 'whoami' }))).toEqual({
      kind: 'tools/call',
      name: 'whoami',
    });
    expect(requestNeeds(request('prompts/get', { name: 7 }))).toEqual({
      kind: 'prompts/get',
      name: undefined,
    });
    expect(requestNeeds(request('resources/read', { uri: 'a://b' }))).toEqual({
      kind: 'resources/read',
      uri: 'a://b',
    });
  });

  it('names the reference of a completion, by its type', () => {
    expect(
      requestNeeds(
        request('completion/complete', {
          ref: { type: 'ref/resource', uri: 'a://{x}' },
        }),
      ),
    ).toEqual({
      kind: 'completion/complete',
      prompt: undefined,
      uri: 'a://{x}',
    });
    expect(
      requestNeeds(
        request('completion/complete', {
          ref: { type: 'ref/prompt', name: 'p' },
        }),
      ),
    ).toEqual({ kind: 'completion/complete', prompt: 'p', uri: undefined });
  });

  it('lists, methods naming no item, and anything else', () => {
    expect(requestNeeds(request('tools/list'))).toEqual({ kind: 'tools/list' });
    expect(requestNeeds(request('initialize', {}))).toEqual({
      kind: 'nothing',
    });
    expect(requestNeeds({ jsonrpc: '2.0', id: 1, result: {} })).toEqual({
      kind: 'nothing',
    });
    // A 2025-03-26 batch, or no body: every item the caller may see.
    expect(requestNeeds([request('tools/list')])).toEqual({
      kind: 'everything',
    });
    expect(requestNeeds(undefined)).toEqual({ kind: 'everything' });
  });

  it('keys resource URIs as the SDK does', () => {
    expect(resourceKeyOf('config://app')).toBe('config://app');
    expect(resourceKeyOf('HTTP://Example.com/a/../b')).toBe(
      'http://example.com/b',
    );
    expect(resourceKeyOf('not a uri')).toBeUndefined();
  });
});
