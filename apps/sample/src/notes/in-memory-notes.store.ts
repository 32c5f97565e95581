import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Note } from './note.js';
import { NotesStore } from './notes.store.js';

/** Notes in process memory, keyed by subject (lost on restart; one replica only). */
@Injectable()
export class InMemoryNotesStore extends NotesStore {
  private readonly notes = new Map<string, Note[]>();

  async add(subject: string, text: string): Promise<Note> {
    const note: Note = {
      id: randomUUID(),
      text,
      createdAt: new Date().toISOString(),
    };
    const list = this.notes.get(subject) ?? [];
    list.push(note);
    this.notes.set(subject, list);
    return note;
  }

  async update(
    subject: string,
    id: string,
    text: string,
  ): Promise<Note | undefined> {
    const list = this.notes.get(subject);
    const index = list?.findIndex((note) => note.id === id) ?? -1;
    if (!list || index < 0) return undefined;
    const note: Note = {
      ...list[index],
      text,
      updatedAt: new Date().toISOString(),
    };
    list[index] = note;
    return note;
  }

  async list(subject: string): Promise<Note[]> {
    return [...(this.notes.get(subject) ?? [])];
  }
}
