import { SetMetadata } from '@nestjs/common';
import {
  RESOURCE_METADATA,
  RESOURCE_TEMPLATE_METADATA,
} from '../mcp-server.constants.js';
import {
  checkDeclaration,
  normalizedUri,
  parsedUriTemplate,
} from '../item/declaration-checks.js';
import { McpServerConfigError } from '../mcp-server.errors.js';
import type {
  ResourceOptions,
  ResourceTemplateOptions,
} from './resource-options.interface.js';

/**
 * Declares a method of a provider as the reader of the MCP resource at `uri` (`resources/list`,
 * `resources/read`). The method is a Nest handler: guards, interceptors, pipes, filters and param
 * decorators such as `@ResourceUri()` and `@ResourceOwner()` apply to it. It returns a
 * `ReadResourceResult`, a string (text), a `Uint8Array` (blob) or a JSON value.
 *
 * @publicApi
 */
export const Resource = (options: ResourceOptions): MethodDecorator => {
  const where = `@Resource({ uri: '${String(options?.uri)}' })`;
  normalizedUri(where, options?.uri);
  checkDeclaration(where, options);
  return SetMetadata(RESOURCE_METADATA, options);
};

/**
 * Declares a method of a provider as the reader of the MCP resources matching an RFC 6570
 * `uriTemplate` (`resources/templates/list`, `resources/read`, `completion/complete` of its
 * variables, and `resources/list` through its `list` method). A Nest handler like `@Resource()`;
 * `@ResourceVariables()` injects the variables.
 *
 * @publicApi
 */
export const ResourceTemplate = (
  options: ResourceTemplateOptions,
): MethodDecorator => {
  const where = `@ResourceTemplate({ uriTemplate: '${String(options?.uriTemplate)}' })`;
  const template = parsedUriTemplate(where, options?.uriTemplate);
  checkDeclaration(where, options, {
    names: template.variableNames,
    what: 'template variable',
  });
  if (
    options.list !== undefined &&
    (typeof options.list !== 'string' || options.list === '')
  ) {
    throw new McpServerConfigError(
      where,
      'list must be the name of a method of the same provider',
    );
  }
  return SetMetadata(RESOURCE_TEMPLATE_METADATA, options);
};
