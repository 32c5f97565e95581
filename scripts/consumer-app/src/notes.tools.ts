import { Injectable } from '@nestjs/common';
import { ResourceOwner } from '@nest-mcp/auth';
import { Tool, ToolInput } from '@nest-mcp/server';
import { z } from 'zod';

/** MCP tools: `add_note` needs `notes:write`, `whoami` needs no scope. */
@Injectable()
export class NotesTools {
  private readonly notes: string[] = [];

  @Tool({
    name: 'add_note',
    description: 'Stores a note for the caller.',
    input: z.object({ text: z.string().min(1).max(200) }),
    scopes: ['notes:write'],
  })
  addNote(
    @ToolInput('text') text: string,
    @ResourceOwner() owner: ResourceOwner,
  ): { subject: string; text: string; count: number } {
    this.notes.push(text);
    return { subject: owner.subject, text, count: this.notes.length };
  }

  @Tool({ name: 'whoami', description: 'The identity behind the token.' })
  whoami(@ResourceOwner() owner: ResourceOwner): {
    subject: string;
    issuer: string;
  } {
    return { subject: owner.subject, issuer: owner.issuer };
  }
}
