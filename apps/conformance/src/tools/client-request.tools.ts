import { Injectable } from '@nestjs/common';
import type {
  CallToolResult,
  ElicitRequestFormParams,
} from '@modelcontextprotocol/server';
import { Tool, type ToolCall, ToolExtra, ToolInput } from '@nest-mcp/server';
import { z } from 'zod';

type Extra = ToolCall['extra'];

/**
 * Tools that ask the client something while they run (2025 era: a request to the client on the
 * call's stream, answered in a later POST of the same session): sampling and elicitation.
 */
@Injectable()
export class ClientRequestTools {
  @Tool({
    name: 'test_sampling',
    description: 'Asks the client to sample an LLM with the given prompt.',
    input: z.object({ prompt: z.string().describe('The prompt for the LLM') }),
  })
  async sampling(
    @ToolInput('prompt') prompt: string,
    @ToolExtra() extra: Extra,
  ): Promise<string> {
    const result = await extra.mcpReq.requestSampling({
      messages: [{ role: 'user', content: { type: 'text', text: prompt } }],
      maxTokens: 100,
    });
    const content = Array.isArray(result.content)
      ? result.content
      : [result.content];
    const text = content
      .map((block) => (block.type === 'text' ? block.text : `[${block.type}]`))
      .join(' ');
    return `LLM response: ${text}`;
  }

  @Tool({
    name: 'test_elicitation',
    description: 'Asks the user for a username and an email address.',
    input: z.object({
      message: z.string().describe('The message to show the user'),
    }),
  })
  elicitation(
    @ToolInput('message') message: string,
    @ToolExtra() extra: Extra,
  ): Promise<CallToolResult> {
    return elicit(extra, 'User response', {
      message,
      requestedSchema: {
        type: 'object',
        properties: {
          username: { type: 'string', description: "User's response" },
          email: { type: 'string', description: "User's email address" },
        },
        required: ['username', 'email'],
      },
    });
  }

  @Tool({
    name: 'test_elicitation_sep1034_defaults',
    description:
      'Elicits a form whose fields all carry defaults (string, integer, number, enum, boolean).',
  })
  defaults(@ToolExtra() extra: Extra): Promise<CallToolResult> {
    return elicit(extra, 'Elicitation completed', {
      message: 'Please review your details; every field has a default.',
      requestedSchema: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
            description: 'User name',
            default: 'John Doe',
          },
          age: { type: 'integer', description: 'User age', default: 30 },
          score: { type: 'number', description: 'User score', default: 95.5 },
          status: {
            type: 'string',
            description: 'User status',
            enum: ['active', 'inactive', 'pending'],
            default: 'active',
          },
          verified: {
            type: 'boolean',
            description: 'Verification status',
            default: true,
          },
        },
      },
    });
  }

  @Tool({
    name: 'test_elicitation_sep1330_enums',
    description:
      'Elicits a form with every enum variant: untitled, titled and legacy single-select, untitled and titled multi-select.',
  })
  enums(@ToolExtra() extra: Extra): Promise<CallToolResult> {
    return elicit(extra, 'Elicitation completed', {
      message: 'Please pick your options.',
      requestedSchema: {
        type: 'object',
        properties: {
          untitledSingle: {
            type: 'string',
            enum: ['option1', 'option2', 'option3'],
          },
          titledSingle: {
            type: 'string',
            oneOf: [
              { const: 'value1', title: 'First Option' },
              { const: 'value2', title: 'Second Option' },
              { const: 'value3', title: 'Third Option' },
            ],
          },
          legacyEnum: {
            type: 'string',
            enum: ['opt1', 'opt2', 'opt3'],
            enumNames: ['Option One', 'Option Two', 'Option Three'],
          },
          untitledMulti: {
            type: 'array',
            items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
          },
          titledMulti: {
            type: 'array',
            items: {
              anyOf: [
                { const: 'value1', title: 'First Choice' },
                { const: 'value2', title: 'Second Choice' },
                { const: 'value3', title: 'Third Choice' },
              ],
            },
          },
        },
      },
    });
  }
}

/** Sends the elicitation and reports the user's answer as text. */
async function elicit(
  extra: Extra,
  label: string,
  params: ElicitRequestFormParams,
): Promise<CallToolResult> {
  const result = await extra.mcpReq.elicitInput(params);
  return {
    content: [
      {
        type: 'text',
        text: `${label}: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`,
      },
    ],
  };
}
