import { Injectable } from '@nestjs/common';
import { ResourceOwner } from '@nest-mcp/auth';
import { Tool, ToolInput } from '@nest-mcp/server';
import { z } from 'zod';
import type { Note } from './note.js';
import { NotesStore } from './notes.store.js';

const addNoteInput = z.object({ text: z.string().min(1).max(10_000) });

/** `add_note` and `list_notes`: each caller sees only their own notes. */
@Injectable()
export class NotesTools {
  constructor(private readonly store: NotesStore) {}

  @Tool({
    name: 'add_note',
    description: 'Store a note for the caller.',
    input: addNoteInput,
    scopes: ['notes:write'],
  })
  addNote(
    @ToolInput() input: z.infer<typeof addNoteInput>,
    @ResourceOwner('subject') subject: string,
  ): Promise<Note> {
    return this.store.add(subject, input.text);
  }

  @Tool({
    name: 'list_notes',
    description: "List the caller's notes.",
    scopes: ['notes:read'],
    annotations: { readOnlyHint: true },
  })
  async listNotes(
    @ResourceOwner('subject') subject: string,
  ): Promise<{ notes: Note[] }> {
    return { notes: await this.store.list(subject) };
  }
}
