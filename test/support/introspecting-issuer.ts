import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  generateSigningKey,
  type TestSigningKey,
} from '@nest-mcp/auth/testing';

/** What the introspection endpoint does with one request. */
export type IntrospectionBehaviour =
  | { readonly status: number; readonly body: string }
  /** Never answers (a slow endpoint). */
  | 'hang';

/** One request the introspection endpoint received. */
export interface SeenIntrospection {
  readonly token: string;
  readonly form: URLSearchParams;
  readonly authorization: string | undefined;
}

/**
 * An authorization server stand-in that publishes RFC 8414 metadata with an
 * `introspection_endpoint` and a JWKS, and answers introspection requests as `behave` says
 * (default: RFC 7662 answers from `answers`, by token, else `active: false`). Records each request.
 */
export interface IntrospectingIssuer {
  readonly issuer: string;
  readonly introspectionEndpoint: string;
  readonly key: TestSigningKey;
  readonly seen: SeenIntrospection[];
  /** The answer for a token (`active: true` is added). */
  answers: Map<string, Record<string, unknown>>;
  behave: (seen: SeenIntrospection) => IntrospectionBehaviour;
  close(): Promise<void>;
}

/** Starts an `IntrospectingIssuer` on a random loopback port. */
export async function startIntrospectingIssuer(): Promise<IntrospectingIssuer> {
  const key = await generateSigningKey('RS256');
  let origin = '';
  const hanging = new Set<IncomingMessage>();
  const issuer: IntrospectingIssuer = {
    issuer: '',
    introspectionEndpoint: '',
    key,
    seen: [],
    answers: new Map(),
    behave: ({ token }) => {
      const answer = issuer.answers.get(token);
      return {
        status: 200,
        body: JSON.stringify(
          answer ? { active: true, ...answer } : { active: false },
        ),
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const req of hanging) req.socket.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/.well-known/oauth-authorization-server') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          issuer: origin,
          jwks_uri: `${origin}/jwks`,
          introspection_endpoint: `${origin}/introspect`,
        }),
      );
      return;
    }
    if (path === '/jwks') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: [key.publicJwk] }));
      return;
    }
    if (path !== '/introspect' || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      const seen = {
        token: form.get('token') ?? '',
        form,
        authorization: req.headers.authorization,
      };
      issuer.seen.push(seen);
      const behaviour = issuer.behave(seen);
      if (behaviour === 'hang') {
        hanging.add(req);
        return;
      }
      res
        .writeHead(behaviour.status, { 'content-type': 'application/json' })
        .end(behaviour.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(issuer, {
    issuer: origin,
    introspectionEndpoint: `${origin}/introspect`,
  });
  return issuer;
}
