import { Injectable } from '@nestjs/common';
import { ResourceOwner } from '@nest-mcp/auth';
import {
  CompletionValue,
  ResourceTemplate,
  ResourceVariables,
} from '@nest-mcp/server';
import type { Note } from './note.js';
import { NotesStore } from './notes.store.js';

/**
 * `notes://{id}`: one of the caller's notes; another subject's note is not found, as is a missing
 * one. `resources/list` lists the caller's own notes only.
 */
@Injectable()
export class NotesResources {
  constructor(private readonly store: NotesStore) {}

  @ResourceTemplate({
    uriTemplate: 'notes://{id}',
    name: 'note',
    title: 'Note',
    description:
      "One of the caller's notes, by id (ids complete from the caller's own notes).",
    mimeType: 'application/json',
    scopes: ['notes:read'],
    complete: { id: 'noteIds' },
    list: 'ownNotes',
  })
  async note(
    @ResourceVariables('id') id: string,
    @ResourceOwner('subject') subject: string,
  ): Promise<Note | undefined> {
    return (await this.store.list(subject)).find((note) => note.id === id);
  }

  /** Lists the caller's own notes in `resources/list` (`notes://<id>`, named by their start). */
  async ownNotes(@ResourceOwner('subject') subject: string) {
    return (await this.store.list(subject)).map((note) => ({
      uri: `notes://${note.id}`,
      name: `note ${note.id}`,
      description:
        note.text.length > 60 ? `${note.text.slice(0, 57)}...` : note.text,
    }));
  }

  /** Completes `id` over the caller's own note ids only. */
  async noteIds(
    @CompletionValue() typed: string,
    @ResourceOwner('subject') subject: string,
  ): Promise<string[]> {
    return (await this.store.list(subject))
      .map((note) => note.id)
      .filter((id) => id.startsWith(typed));
  }
}
