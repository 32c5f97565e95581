import { Injectable } from '@nestjs/common';
import { ResourceOwner } from '@nest-mcp/auth';
import { Prompt, PromptArguments } from '@nest-mcp/server';
import { z } from 'zod';
import { NotesStore } from './notes.store.js';

const STYLES = ['brief', 'detailed', 'bullets'] as const;

const summarizeArguments = z.object({
  style: z
    .enum(STYLES)
    .optional()
    .describe('How to summarize: brief (default), detailed or bullets'),
});

const INSTRUCTIONS: Record<(typeof STYLES)[number], string> = {
  brief: 'in two or three sentences',
  detailed: 'in detail, keeping every fact',
  bullets: 'as a bulleted list, one point per line',
};

/** `summarize_notes`: a prompt over the caller's own notes. */
@Injectable()
export class NotesPrompts {
  constructor(private readonly store: NotesStore) {}

  @Prompt({
    name: 'summarize_notes',
    title: 'Summarize my notes',
    description: "Asks the model to summarize the caller's notes.",
    arguments: summarizeArguments,
    scopes: ['notes:read'],
    complete: {
      style: (typed) => STYLES.filter((style) => style.startsWith(typed)),
    },
  })
  async summarize(
    @PromptArguments() args: z.infer<typeof summarizeArguments>,
    @ResourceOwner('subject') subject: string,
  ): Promise<string> {
    const notes = await this.store.list(subject);
    const how = INSTRUCTIONS[args.style ?? 'brief'];
    if (notes.length === 0) {
      return 'I have no notes yet. Say so, and suggest adding one with add_note.';
    }
    const lines = notes.map((note) => `- notes://${note.id}: ${note.text}`);
    return `Summarize my notes ${how}:\n${lines.join('\n')}`;
  }
}
