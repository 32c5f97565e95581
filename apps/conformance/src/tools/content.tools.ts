import { Injectable, InternalServerErrorException } from '@nestjs/common';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { Tool } from '@nest-mcp/server';
import { RED_PIXEL_PNG, SILENT_WAV } from '../media.fixtures.js';

/** Tools returning each kind of content block (conformance scenarios `tools-call-*`). */
@Injectable()
export class ContentTools {
  @Tool({
    name: 'test_simple_text',
    description: 'Returns a simple text content block.',
  })
  simpleText(): CallToolResult {
    return {
      content: [
        { type: 'text', text: 'This is a simple text response for testing.' },
      ],
    };
  }

  @Tool({
    name: 'test_image_content',
    description: 'Returns an image content block (a 1x1 red PNG).',
  })
  image(): CallToolResult {
    return {
      content: [{ type: 'image', data: RED_PIXEL_PNG, mimeType: 'image/png' }],
    };
  }

  @Tool({
    name: 'test_audio_content',
    description: 'Returns an audio content block (a short silent WAV).',
  })
  audio(): CallToolResult {
    return {
      content: [{ type: 'audio', data: SILENT_WAV, mimeType: 'audio/wav' }],
    };
  }

  @Tool({
    name: 'test_embedded_resource',
    description: 'Returns an embedded text resource.',
  })
  embeddedResource(): CallToolResult {
    return {
      content: [
        {
          type: 'resource',
          resource: {
            uri: 'test://embedded-resource',
            mimeType: 'text/plain',
            text: 'This is an embedded resource content.',
          },
        },
      ],
    };
  }

  @Tool({
    name: 'test_multiple_content_types',
    description: 'Returns text, image and embedded resource content together.',
  })
  mixed(): CallToolResult {
    return {
      content: [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: RED_PIXEL_PNG, mimeType: 'image/png' },
        {
          type: 'resource',
          resource: {
            uri: 'test://mixed-content-resource',
            mimeType: 'application/json',
            text: JSON.stringify({ test: 'data', value: 123 }),
          },
        },
      ],
    };
  }

  @Tool({
    name: 'test_error_handling',
    description: 'Always fails: the error becomes an isError result.',
  })
  error(): never {
    // An HttpException's message is shown to the client; any other error becomes a generic text.
    throw new InternalServerErrorException(
      'This tool intentionally returns an error for testing',
    );
  }
}
