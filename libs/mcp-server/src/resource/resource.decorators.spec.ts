import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { McpServerConfigError } from '../mcp-server.errors.js';
import { Prompt } from '../prompt/prompt.decorator.js';
import { Resource, ResourceTemplate } from './resource.decorators.js';

describe('@Resource(), @ResourceTemplate(), @Prompt() refuse bad declarations at once', () => {
  it.each([
    [() => Resource({ uri: 'not a uri', name: 'x' }), /absolute URI/],
    [
      () => Resource({ uri: 'notes://{id}', name: 'x' }),
      /is a URI template; declare it with @ResourceTemplate/,
    ],
    [() => Resource({ uri: 'config://app', name: '' }), /name "".*1-128/],
    [
      () => Resource({ uri: 'config://app', name: 'x', scopes: ['a b'] }),
      /scope "a b" is not a valid scope token/,
    ],
    [
      () => ResourceTemplate({ uriTemplate: 'notes://all', name: 'x' }),
      /RFC 6570 URI template with at least one variable/,
    ],
    [
      () =>
        ResourceTemplate({
          uriTemplate: 'notes://{id}',
          name: 'x',
          complete: { ident: 'ids' },
        }),
      /complete\.ident: no such template variable; known: id/,
    ],
    [
      () =>
        ResourceTemplate({
          uriTemplate: 'notes://{id}',
          name: 'x',
          complete: { id: 3 as never },
        }),
      /complete\.id must be a method name of the same provider or a function/,
    ],
    [
      () =>
        ResourceTemplate({
          uriTemplate: 'notes://{id}',
          name: 'x',
          list: (() => []) as never,
        }),
      /list must be the name of a method of the same provider/,
    ],
    [
      () => Prompt({ name: 'p', arguments: z.string() as never }),
      /arguments must be a Zod object schema/,
    ],
    [
      () =>
        Prompt({
          name: 'p',
          arguments: z.object({ style: z.string() }),
          complete: { tone: () => [] },
        }),
      /complete\.tone: no such argument; known: style/,
    ],
    [
      () => Prompt({ name: 'p', complete: { tone: () => [] } }),
      /complete\.tone: no such argument; known: \(none\)/,
    ],
    [() => Prompt({ name: ' padded' }), /name " padded"/],
  ])('%#: %p', (declare, message) => {
    expect(declare).toThrow(McpServerConfigError);
    expect(declare).toThrow(message);
  });

  it('accepts good declarations', () => {
    expect(() =>
      Resource({ uri: 'https://example.com/terms', name: 'Terms of use' }),
    ).not.toThrow();
    expect(() =>
      ResourceTemplate({
        uriTemplate: 'files://{+path}{?rev}',
        name: 'file',
        complete: { path: 'paths', rev: () => [] },
      }),
    ).not.toThrow();
    expect(() =>
      Prompt({
        name: 'summarize_notes',
        arguments: z.object({ style: z.string().optional() }),
        complete: { style: 'styles' },
        scopes: ['notes:read'],
      }),
    ).not.toThrow();
  });
});
