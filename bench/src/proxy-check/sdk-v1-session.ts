import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  recordingFetch,
  runScript,
  type Exchange,
  type SessionOutcome,
} from './scripted-session.js';

/**
 * The scripted session in the 2025 era, with the SDK v1 client (`initialize` first), over
 * Streamable HTTP with `Authorization: Bearer <token>`, recording which replica answered each request.
 */
export async function runSdkV1Session(
  endpoint: string,
  token: string,
  calls: number,
): Promise<SessionOutcome> {
  const exchanges: Exchange[] = [];
  const client = new Client({ name: 'proxy-check', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(endpoint), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
      fetch: recordingFetch(exchanges),
    }),
  );
  return runScript(client, calls, exchanges);
}
