/** A note kept for one subject. */
export interface Note {
  readonly id: string;
  readonly text: string;
  readonly createdAt: string;
  /** When `update_note` last changed it. */
  readonly updatedAt?: string;
}
