import {
  Client,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import {
  recordingFetch,
  runScript,
  type Exchange,
  type SessionOutcome,
} from './scripted-session.js';

/**
 * The scripted session in MCP 2026-07-28, with the SDK v2 client pinned to that revision
 * (`server/discover`, no `initialize`, `_meta` on every request), recording which replica answered
 * each request.
 */
export async function runSdkV2Session(
  endpoint: string,
  token: string,
  calls: number,
): Promise<SessionOutcome> {
  const exchanges: Exchange[] = [];
  const client = new Client(
    { name: 'proxy-check', version: '1.0.0' },
    { versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  await client.connect(
    new StreamableHTTPClientTransport(new URL(endpoint), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
      fetch: recordingFetch(exchanges),
    }),
  );
  return runScript(client, calls, exchanges);
}
