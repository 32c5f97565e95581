import { callFieldDecorator } from '../item/handler-call.js';
import type { ResourceRead } from './resource-read.js';

/**
 * Injects the URI being read (a `URL`) in a `@Resource()` or `@ResourceTemplate()` handler.
 *
 * @publicApi
 */
export const ResourceUri = callFieldDecorator<ResourceRead>('uri');

/**
 * Injects the variables matched by a `@ResourceTemplate()` (or one of them:
 * `@ResourceVariables('id')`); a variable of an exploded expression (`{id*}`) may be an array.
 *
 * @publicApi
 */
export const ResourceVariables = callFieldDecorator<ResourceRead>('variables');
