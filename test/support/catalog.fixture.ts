import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  NotFoundException,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { RequireScopes, ResourceOwner } from '@nest-mcp/auth';
import {
  CompletionArguments,
  CompletionValue,
  McpExtra,
  Prompt,
  PromptArguments,
  Resource,
  ResourceTemplate,
  ResourceUri,
  ResourceVariables,
} from '@nest-mcp/server';
import type { ServerContext } from '@modelcontextprotocol/server';
import { map, type Observable } from 'rxjs';
import { z } from 'zod';
import { OnlyAliceGuard } from './enhanced-tools.fixture.js';

/** Adds a line to a prompt's messages; proves interceptors run on prompts. */
@Injectable()
export class SignPromptInterceptor implements NestInterceptor {
  intercept(
    _context: ExecutionContext,
    next: CallHandler,
  ): Observable<unknown> {
    return next.handle().pipe(map((text) => `${String(text)}\n-- signed`));
  }
}

const greetArguments = z.object({
  name: z.string().describe('Who to greet'),
  tone: z.string().optional().describe('warm or formal'),
});

/** Test resources, templates and prompts exercising scopes, Nest enhancers and completion. */
@Injectable()
export class CatalogProvider {
  /** How often each scoped handler ran: proves a refused request never reached it. */
  readonly runs = { plans: 0, vault: 0, audit: 0, vaultKeys: 0 };

  @Resource({
    uri: 'config://app',
    name: 'config',
    title: 'App config',
    description: 'Settings of the app',
    mimeType: 'application/json',
  })
  config(@ResourceUri() uri: URL) {
    return { theme: 'dark', readAt: uri.href };
  }

  @Resource({ uri: 'secret://plans', name: 'plans', scopes: ['admin'] })
  plans() {
    this.runs.plans += 1;
    return 'the plans';
  }

  @Resource({ uri: 'alice://diary', name: 'diary' })
  @UseGuards(OnlyAliceGuard)
  diary(@ResourceOwner('subject') subject: string) {
    return `diary of ${subject}`;
  }

  @ResourceTemplate({
    uriTemplate: 'users://{id}/profile',
    name: 'profile',
    mimeType: 'application/json',
    complete: { id: 'userIds' },
  })
  profile(
    @ResourceVariables('id') id: string,
    @ResourceOwner('subject') subject: string,
    @McpExtra() extra: ServerContext,
  ) {
    if (id === 'nobody') throw new NotFoundException();
    return { id, askedBy: subject, method: extra.mcpReq.method };
  }

  userIds(
    @CompletionValue() value: string,
    @ResourceOwner('subject') subject: string,
  ) {
    return [subject, 'bob', 'carol'].filter((id) => id.startsWith(value));
  }

  @ResourceTemplate({
    uriTemplate: 'vault://{item}',
    name: 'vault',
    complete: { item: 'vaultKeys' },
  })
  @RequireScopes('vault')
  vault(@ResourceVariables() variables: Record<string, string>) {
    this.runs.vault += 1;
    return `item ${variables.item}`;
  }

  vaultKeys() {
    this.runs.vaultKeys += 1;
    return ['gold', 'silver'];
  }

  @Prompt({
    name: 'greet',
    title: 'Greeting',
    description: 'Greets someone',
    arguments: greetArguments,
    complete: {
      tone: (value, { arguments: filled }) =>
        ['warm', 'formal', `for ${filled.name ?? '?'}`].filter((tone) =>
          tone.startsWith(value),
        ),
    },
  })
  @UseInterceptors(SignPromptInterceptor)
  greet(
    @PromptArguments() args: z.infer<typeof greetArguments>,
    @ResourceOwner('subject') subject: string,
  ) {
    return `Say hello to ${args.name} (${args.tone ?? 'plain'}), from ${subject}`;
  }

  @Prompt({ name: 'audit', description: 'Needs admin', scopes: ['admin'] })
  audit() {
    this.runs.audit += 1;
    return [
      {
        role: 'user' as const,
        content: { type: 'text' as const, text: 'Audit everything' },
      },
    ];
  }

  @Prompt({
    name: 'recap',
    arguments: z.object({ topic: z.string() }),
    complete: { topic: 'topics' },
  })
  recap(@PromptArguments('topic') topic: string) {
    return {
      messages: [
        { role: 'user', content: { type: 'text', text: `Recap ${topic}` } },
      ],
    };
  }

  topics(@CompletionArguments() filled: Record<string, string>) {
    return ['news', 'sports', JSON.stringify(filled)];
  }
}

/** A second resource at the URI of `config://app`, for the duplicate boot check. */
@Injectable()
export class DuplicateResource {
  @Resource({ uri: 'config://app', name: 'config again' })
  again() {
    return '';
  }
}

/** A second template with the URI template of `users://{id}/profile`. */
@Injectable()
export class DuplicateTemplate {
  @ResourceTemplate({ uriTemplate: 'users://{id}/profile', name: 'profile2' })
  again() {
    return '';
  }
}

/** A template whose `list` names a method its provider does not have. */
@Injectable()
export class MissingLister {
  @ResourceTemplate({
    uriTemplate: 'drafts://{id}',
    name: 'draft',
    list: 'drafts',
  })
  draft() {
    return '';
  }
}

/** A second prompt named `greet`. */
@Injectable()
export class DuplicatePrompt {
  @Prompt({ name: 'greet' })
  again() {
    return '';
  }
}

/** Handlers that fail, for the error answers. */
@Injectable()
export class FailingCatalog {
  @Resource({ uri: 'broken://resource', name: 'broken' })
  broken(): never {
    throw new Error('internal detail: /etc/secret-path');
  }

  @Prompt({ name: 'refusing' })
  refusing(): never {
    throw new BadRequestException('This prompt cannot be given');
  }

  @Prompt({ name: 'shapeless' })
  shapeless() {
    return 42;
  }

  @ResourceTemplate({
    uriTemplate: 'fail://{x}',
    name: 'failing-completion',
    complete: { x: 'badCompleter' },
  })
  failing() {
    return '';
  }

  badCompleter() {
    return [1, 2];
  }
}
