import { Injectable } from '@nestjs/common';
import {
  Resource,
  ResourceTemplate,
  ResourceVariables,
} from '@nest-mcp/server';
import { RED_PIXEL_PNG } from '../media.fixtures.js';

/** Ids the template's `{id}` completes from. */
const KNOWN_IDS = ['123', '456', '789'];

/** Resources the conformance scenarios `resources-*` read, list and subscribe to. */
@Injectable()
export class TestResources {
  @Resource({
    uri: 'test://static-text',
    name: 'static-text',
    description: 'A static text resource.',
    mimeType: 'text/plain',
  })
  staticText(): string {
    return 'This is the content of the static text resource.';
  }

  @Resource({
    uri: 'test://static-binary',
    name: 'static-binary',
    description: 'A static binary resource (a 1x1 red PNG).',
    mimeType: 'image/png',
  })
  staticBinary(): Uint8Array {
    return Buffer.from(RED_PIXEL_PNG, 'base64');
  }

  @Resource({
    uri: 'test://watched-resource',
    name: 'watched-resource',
    description: 'A resource clients subscribe to.',
    mimeType: 'text/plain',
  })
  watched(): string {
    return 'This resource is watched.';
  }

  @ResourceTemplate({
    uriTemplate: 'test://template/{id}/data',
    name: 'template-data',
    description: 'Data for an id, from a URI template.',
    mimeType: 'application/json',
    complete: { id: (typed) => KNOWN_IDS.filter((id) => id.startsWith(typed)) },
  })
  templateData(@ResourceVariables('id') id: string) {
    return { id, templateTest: true, data: `Data for ID: ${id}` };
  }
}
