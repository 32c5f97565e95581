import type { Note } from './note.js';

/**
 * Where notes live, per subject. The sample binds `InMemoryNotesStore`; provide another class
 * under this token (`{ provide: NotesStore, useClass: PostgresNotesStore }`) to keep them elsewhere.
 */
export abstract class NotesStore {
  /** Stores `text` for `subject` and returns the note. */
  abstract add(subject: string, text: string): Promise<Note>;
  /**
   * Replaces the text of `subject`'s note `id` and returns it; `undefined` when `subject` has no
   * such note (another subject's note included).
   */
  abstract update(
    subject: string,
    id: string,
    text: string,
  ): Promise<Note | undefined>;
  /** The notes of `subject` only, oldest first. */
  abstract list(subject: string): Promise<Note[]>;
}
