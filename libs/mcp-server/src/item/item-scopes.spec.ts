import { describe, expect, it } from '@jest/globals';
import { ResourceTemplate } from '@modelcontextprotocol/server';
import { PromptRegistry } from '../prompt/prompt-registry.js';
import {
  ResourceRegistry,
  ResourceTemplateRegistry,
  type ResourceDefinition,
  type ResourceTemplateDefinition,
} from '../resource/resource-registries.js';
import { ToolRegistry } from '../tool/tool-registry.js';
import { ItemScopes } from './item-scopes.js';

const read = async () => ({ contents: [] });

const resource = (uri: string, scopes: string[]): ResourceDefinition => ({
  uri,
  options: { uri, name: uri },
  scopes,
  declaredAt: `R.${uri}`,
  read,
});

const template = (
  uriTemplate: string,
  scopes: string[],
): ResourceTemplateDefinition => ({
  uriTemplate,
  options: { uriTemplate, name: uriTemplate },
  template: new ResourceTemplate(uriTemplate, { list: undefined }),
  scopes,
  declaredAt: `T.${uriTemplate}`,
  read,
});

describe('ItemScopes (the scopes a use needs, found as the SDK finds the item)', () => {
  const resources = new ResourceRegistry();
  resources.add(resource('config://app', ['config']));
  const templates = new ResourceTemplateRegistry();
  templates.add(template('notes://{id}', ['notes:read']));
  templates.add(template('files://{+path}', ['files']));
  const scopes = new ItemScopes(
    new ToolRegistry(),
    resources,
    templates,
    new PromptRegistry(),
  );

  it.each([
    ['config://app', ['config']],
    ['CONFIG://app', ['config']], // the SDK reads new URL(uri).href
    ['notes://42', ['notes:read']],
    ['NOTES://42', ['notes:read']],
    ['files://a/b/c', ['files']],
    ['other://x', []],
    ['not a uri', []],
  ])('resources/read of %p needs %p', (uri, needed) => {
    expect(scopes.neededFor({ kind: 'resource', uri })).toEqual(needed);
  });

  it('a URI too long for the SDK to match needs nothing (the SDK refuses that read itself)', () => {
    const uri = `notes://${'x'.repeat(1_000_000)}`;
    expect(scopes.neededFor({ kind: 'resource', uri })).toEqual([]);
  });

  it('a completion names its template by the URI template itself', () => {
    expect(
      scopes.neededFor({
        kind: 'resource template',
        uriTemplate: 'notes://{id}',
      }),
    ).toEqual(['notes:read']);
    expect(
      scopes.neededFor({ kind: 'resource template', uriTemplate: 'notes://1' }),
    ).toEqual([]);
  });

  it('unknown tools and prompts need nothing (the SDK answers them as unknown)', () => {
    expect(scopes.neededFor({ kind: 'tool', name: 'nope' })).toEqual([]);
    expect(scopes.neededFor({ kind: 'prompt', name: 'nope' })).toEqual([]);
  });
});
