import { callFieldDecorator } from '../item/handler-call.js';
import type { CompletionRequest } from './completer.js';

/**
 * Injects, in a completer method, the value typed so far of the argument being completed.
 *
 * @publicApi
 */
export const CompletionValue = callFieldDecorator<CompletionRequest>('value');

/**
 * Injects, in a completer method, the other arguments (or template variables) already filled in
 * (or one of them: `@CompletionArguments('style')`).
 *
 * @publicApi
 */
export const CompletionArguments =
  callFieldDecorator<CompletionRequest>('arguments');
