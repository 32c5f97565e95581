import type { Note } from './note.js';

/**
 * Where notes live, per subject. The sample binds `InMemoryNotesStore`; provide another class
 * under this token (`{ provide: NotesStore, useClass: PostgresNotesStore }`) to keep them elsewhere.
 */
export abstract class NotesStore {
  /** Stores `text` for `subject` and returns the note. */
  abstract add(subject: string, text: string): Promise<Note>;
  /** The notes of `subject` only, oldest first. */
  abstract list(subject: string): Promise<Note[]>;
}
