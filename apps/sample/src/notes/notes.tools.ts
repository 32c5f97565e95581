import { Injectable, NotFoundException } from '@nestjs/common';
import { ResourceOwner } from '@nest-mcp/auth';
import { ResourceUpdates, Tool, ToolInput } from '@nest-mcp/server';
import { z } from 'zod';
import type { Note } from './note.js';
import { NotesStore } from './notes.store.js';

const noteText = z.string().min(1).max(10_000);
const addNoteInput = z.object({ text: noteText });
const updateNoteInput = z.object({ id: z.string().max(100), text: noteText });

/** `add_note`, `update_note` and `list_notes`: each caller sees and changes only their own notes. */
@Injectable()
export class NotesTools {
  constructor(
    private readonly store: NotesStore,
    private readonly updates: ResourceUpdates,
  ) {}

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
    name: 'update_note',
    description:
      "Replace the text of one of the caller's notes; its subscribers are told it changed.",
    input: updateNoteInput,
    scopes: ['notes:write'],
  })
  async updateNote(
    @ToolInput() input: z.infer<typeof updateNoteInput>,
    @ResourceOwner('subject') subject: string,
  ): Promise<Note> {
    const note = await this.store.update(subject, input.id, input.text);
    // Another subject's note answers exactly like a missing one.
    if (!note) throw new NotFoundException('Note not found');
    // Only the owner may read notes://<id>, so only the owner's sessions and streams are told.
    await this.updates.updated(`notes://${note.id}`, { subject });
    return note;
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
