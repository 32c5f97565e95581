import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import { listenSample } from './support/listen.js';
import {
  connectSeeing,
  ERA_CLIENTS,
  type EraClient,
} from './support/era-clients.js';
import type { SeenAnswer } from './support/recording-fetch.js';
import { insufficientScope, TEST_RESOURCE } from './support/step-up.js';
import { HTTP_ADAPTERS } from './support/http-adapters.js';

const RESOURCE = TEST_RESOURCE;

describe.each(HTTP_ADAPTERS)('on %s', (adapter) => {
  describe.each(ERA_CLIENTS)(
    'the sample notes://{id} template and summarize_notes prompt with the %s',
    (label, connectWith) => {
      let idp: TestIssuer;
      let app: INestApplication;
      let endpoint: string;
      const open: EraClient[] = [];
      const saved = { ...process.env };
      const who = (name: string) => `${name}-${label.slice(4, 6)}`;

      const connect = async (subject: string, scope?: string) => {
        const token = await idp.mint({ subject, scope });
        const connected = await connectSeeing(connectWith, endpoint, token);
        open.push(connected.client);
        return connected;
      };
      const addNote = async (client: EraClient, text: string) => {
        const result = await client.callTool({
          name: 'add_note',
          arguments: { text },
        });
        return (result.structuredContent as { id: string }).id;
      };
      const failure = (promise: Promise<unknown>) =>
        promise.then(
          () => 'no error',
          (error: unknown) => String(error),
        );
      const last = (seen: SeenAnswer[]) => seen[seen.length - 1];

      beforeAll(async () => {
        idp = await startTestIssuer({ audience: RESOURCE });
        let url: string;
        ({ app, url } = await listenSample(idp, RESOURCE, undefined, adapter));
        endpoint = `${url}/mcp`;
      });
      afterAll(async () => {
        await Promise.all(open.splice(0).map((client) => client.close()));
        process.env = saved;
        await app.close();
        await idp.close();
      });

      it('reads the caller\'s own note at notes://{id}; another subject\'s note is "not found", as a missing one', async () => {
        const alice = await connect(who('alice'), 'notes:read notes:write');
        const bob = await connect(who('bob'), 'notes:read notes:write');
        const id = await addNote(alice.client, 'alice secret');
        const { contents } = await alice.client.readResource({
          uri: `notes://${id}`,
        });
        expect(contents).toHaveLength(1);
        expect(contents[0].uri).toBe(`notes://${id}`);
        expect(JSON.parse(contents[0].text ?? '')).toMatchObject({
          id,
          text: 'alice secret',
        });
        const stolen = await failure(
          bob.client.readResource({ uri: `notes://${id}` }),
        );
        const missing = await failure(
          bob.client.readResource({ uri: 'notes://no-such-note' }),
        );
        expect(stolen).toMatch(/Resource not found/);
        expect(stolen).not.toContain('alice secret');
        expect(stolen.replace(id, 'ID')).toBe(
          missing.replace('no-such-note', 'ID'),
        );
      }, 30_000);

      it("completes notes://{id} over the caller's own note ids only", async () => {
        const carol = await connect(who('carol'), 'notes:read notes:write');
        const dave = await connect(who('dave'), 'notes:read notes:write');
        const mine = [
          await addNote(carol.client, 'one'),
          await addNote(carol.client, 'two'),
        ];
        const theirs = await addNote(dave.client, 'three');
        const all = await carol.client.complete({
          ref: { type: 'ref/resource', uri: 'notes://{id}' },
          argument: { name: 'id', value: '' },
        });
        expect(all.completion.values).toEqual(mine);
        expect(all.completion.values).not.toContain(theirs);
        const one = await carol.client.complete({
          ref: { type: 'ref/resource', uri: 'notes://{id}' },
          argument: { name: 'id', value: mine[1].slice(0, 8) },
        });
        expect(one.completion.values).toEqual(
          mine.filter((id) => id.startsWith(mine[1].slice(0, 8))),
        );
      }, 30_000);

      it("resources/list lists the caller's own notes only (the template's list method); without notes:read, none", async () => {
        const kim = await connect(who('kim'), 'notes:read notes:write');
        const leo = await connect(who('leo'), 'notes:read notes:write');
        const mine = [
          await addNote(kim.client, 'first note of kim'),
          await addNote(kim.client, 'x'.repeat(80)),
        ];
        const theirs = await addNote(leo.client, 'leo only');
        const { resources } = await kim.client.listResources();
        expect(resources).toEqual([
          {
            uri: `notes://${mine[0]}`,
            name: `note ${mine[0]}`,
            title: 'Note',
            description: 'first note of kim',
            mimeType: 'application/json',
          },
          {
            uri: `notes://${mine[1]}`,
            name: `note ${mine[1]}`,
            title: 'Note',
            description: `${'x'.repeat(57)}...`,
            mimeType: 'application/json',
          },
        ]);
        expect(JSON.stringify(resources)).not.toContain(theirs);
        const writer = await connect(who('kim'), 'notes:write');
        expect((await writer.client.listResources()).resources).toEqual([]);
      }, 30_000);

      it("summarize_notes asks for a summary of the caller's notes only, in the style asked", async () => {
        const erin = await connect(who('erin'), 'notes:read notes:write');
        const frank = await connect(who('frank'), 'notes:read notes:write');
        const id = await addNote(erin.client, 'buy milk');
        await addNote(frank.client, 'frank private');
        const { messages } = await erin.client.getPrompt({
          name: 'summarize_notes',
          arguments: { style: 'bullets' },
        });
        expect(messages).toHaveLength(1);
        expect(messages[0].content.text).toBe(
          `Summarize my notes as a bulleted list, one point per line:\n- notes://${id}: buy milk`,
        );
        const empty = await connect(who('gina'), 'notes:read');
        const none = await empty.client.getPrompt({ name: 'summarize_notes' });
        expect(none.messages[0].content.text).toMatch(/no notes yet/);
        const styles = await erin.client.complete({
          ref: { type: 'ref/prompt', name: 'summarize_notes' },
          argument: { name: 'style', value: 'b' },
        });
        expect(styles.completion.values).toEqual(['brief', 'bullets']);
        expect(
          await failure(
            erin.client.getPrompt({
              name: 'summarize_notes',
              arguments: { style: 'poem' },
            }),
          ),
        ).toMatch(/Invalid arguments for prompt summarize_notes/);
      }, 30_000);

      it.each([
        [undefined, [], []],
        ['notes:write', [], []],
        ['notes:read', ['note'], ['summarize_notes']],
      ])(
        'with scope %p lists the template and prompt only to who may use them (the capabilities stay)',
        async (scope, templates, prompts) => {
          const { client } = await connect(who('hank'), scope);
          expect(Object.keys(client.getServerCapabilities() ?? {})).toEqual(
            expect.arrayContaining([
              'tools',
              'resources',
              'prompts',
              'completions',
            ]),
          );
          const listed = await client.listResourceTemplates();
          expect(listed.resourceTemplates.map((t) => t.name)).toEqual(
            templates,
          );
          const { prompts: listedPrompts } = await client.listPrompts();
          expect(listedPrompts.map((prompt) => prompt.name)).toEqual(prompts);
        },
        30_000,
      );

      it.each([
        [
          'reading notes://{id}',
          (client: EraClient) =>
            client.readResource({ uri: 'notes://anything' }),
        ],
        [
          'getting summarize_notes',
          (client: EraClient) => client.getPrompt({ name: 'summarize_notes' }),
        ],
      ])(
        '%s with a write-only token answers 403 with the notes:read step-up challenge',
        async (_what, use) => {
          const { client, seen } = await connect(who('ivan'), 'notes:write');
          expect(await failure(use(client))).toMatch(
            /403|insufficient.?scope/i,
          );
          expect(last(seen)).toEqual({
            status: 403,
            wwwAuthenticate: insufficientScope('notes:read notes:write'),
          });
        },
        30_000,
      );
    },
  );
});
