import { describe, expect, it } from '@jest/globals';
import { ResourceNotFoundError } from '@modelcontextprotocol/server';
import { toPromptResult } from '../prompt/prompt-result.js';
import { toReadResourceResult } from './resource-result.js';

const uri = new URL('notes://1');

describe('toReadResourceResult', () => {
  it.each([
    ['text', 'hello', undefined, [{ uri: 'notes://1', text: 'hello' }]],
    [
      'text with the declared MIME type',
      '# hi',
      'text/markdown',
      [{ uri: 'notes://1', mimeType: 'text/markdown', text: '# hi' }],
    ],
    [
      'a blob',
      new Uint8Array([1, 2, 3]),
      'application/octet-stream',
      [
        {
          uri: 'notes://1',
          mimeType: 'application/octet-stream',
          blob: 'AQID',
        },
      ],
    ],
    [
      'JSON',
      { id: '1', tags: ['a'] },
      undefined,
      [
        {
          uri: 'notes://1',
          mimeType: 'application/json',
          text: '{"id":"1","tags":["a"]}',
        },
      ],
    ],
  ])('turns %s into contents', (_what, value, mimeType, contents) => {
    expect(toReadResourceResult(value, uri, mimeType).contents).toEqual(
      contents,
    );
  });

  it('passes a ReadResourceResult through', () => {
    const result = { contents: [{ uri: 'notes://1/a', text: 'a' }] };
    expect(toReadResourceResult(result, uri, undefined)).toBe(result);
  });

  it.each([undefined, null])(
    '%p is the SDK resource-not-found error',
    (value) => {
      expect(() => toReadResourceResult(value, uri, undefined)).toThrow(
        ResourceNotFoundError,
      );
    },
  );
});

describe('toPromptResult', () => {
  const message = {
    role: 'assistant' as const,
    content: { type: 'text' as const, text: 'hi' },
  };

  it('turns a string into one user message, an array into the messages', () => {
    expect(toPromptResult('Summarize', 'd')).toEqual({
      description: 'd',
      messages: [
        { role: 'user', content: { type: 'text', text: 'Summarize' } },
      ],
    });
    expect(toPromptResult([message], undefined)).toEqual({
      description: undefined,
      messages: [message],
    });
  });

  it('passes a GetPromptResult through, its own description first', () => {
    expect(
      toPromptResult({ description: 'own', messages: [message] }, 'declared'),
    ).toEqual({ description: 'own', messages: [message] });
  });

  it.each([42, { text: 'x' }, undefined])('refuses %p', (value) => {
    expect(() => toPromptResult(value, undefined)).toThrow(
      /a prompt handler must return/,
    );
  });
});
