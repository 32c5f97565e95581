import { callFieldDecorator } from '../item/handler-call.js';
import type { PromptGet } from './prompt-get.js';

/**
 * Injects a `@Prompt()`'s validated arguments (or one of them: `@PromptArguments('style')`).
 *
 * @publicApi
 */
export const PromptArguments = callFieldDecorator<PromptGet>('arguments');
