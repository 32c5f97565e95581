import { Injectable } from '@nestjs/common';
import type { GetPromptResult } from '@modelcontextprotocol/server';
import { Prompt, PromptArguments } from '@nest-mcp/server';
import { z } from 'zod';
import { RED_PIXEL_PNG } from '../media.fixtures.js';

/** Suggestions for `arg1` of `test_prompt_with_arguments` (completion/complete). */
const ARG1_SUGGESTIONS = ['paris', 'park', 'party', 'test', 'testing'];

const withArguments = z.object({
  arg1: z.string().describe('First test argument'),
  arg2: z.string().describe('Second test argument'),
});

/** Prompts the conformance scenarios `prompts-*` and `completion-complete` get and complete. */
@Injectable()
export class TestPrompts {
  @Prompt({
    name: 'test_simple_prompt',
    description: 'A simple prompt without arguments.',
  })
  simple(): string {
    return 'This is a simple prompt for testing.';
  }

  @Prompt({
    name: 'test_prompt_with_arguments',
    description: 'A prompt with two required arguments.',
    arguments: withArguments,
    complete: {
      arg1: (typed) =>
        ARG1_SUGGESTIONS.filter((word) => word.startsWith(typed)),
    },
  })
  withArguments(
    @PromptArguments() { arg1, arg2 }: z.infer<typeof withArguments>,
  ): string {
    return `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`;
  }

  @Prompt({
    name: 'test_prompt_with_embedded_resource',
    description: 'A prompt embedding the resource it is given.',
    arguments: z.object({
      resourceUri: z.string().describe('URI of the resource to embed'),
    }),
  })
  embeddedResource(
    @PromptArguments('resourceUri') resourceUri: string,
  ): GetPromptResult {
    return {
      messages: [
        {
          role: 'user',
          content: {
            type: 'resource',
            resource: {
              uri: resourceUri,
              mimeType: 'text/plain',
              text: 'Embedded resource content for testing.',
            },
          },
        },
        {
          role: 'user',
          content: {
            type: 'text',
            text: 'Please process the embedded resource above.',
          },
        },
      ],
    };
  }

  @Prompt({
    name: 'test_prompt_with_image',
    description: 'A prompt with an image.',
  })
  image(): GetPromptResult {
    return {
      messages: [
        {
          role: 'user',
          content: {
            type: 'image',
            data: RED_PIXEL_PNG,
            mimeType: 'image/png',
          },
        },
        {
          role: 'user',
          content: { type: 'text', text: 'Please analyze the image above.' },
        },
      ],
    };
  }
}
