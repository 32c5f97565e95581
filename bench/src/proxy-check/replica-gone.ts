import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ReplicaProcess } from '../replicas/replica-process.js';
import { recordingFetch, type Exchange } from './scripted-session.js';

/** What happened to a 2025 session whose replica stopped, and to the session opened after it. */
export interface ReplicaGoneOutcome {
  /** The replica the first session's id named, stopped mid-session. */
  readonly stopped: string;
  /** Its exit code on SIGTERM. */
  readonly exitCode: number | null;
  /** HTTP status the SDK client saw for the session's next request (404 expected). */
  readonly statusAfterStop: number | undefined;
  /** The replica that answered that request (one holding the session's fallback). */
  readonly answeredBy: string | null;
  /** The replica the new session's id names, and the subject its `whoami` answered. */
  readonly newSessionReplica: string | undefined;
  readonly newSessionSubject: string | undefined;
}

/**
 * A 2025 session (SDK v1 client) through the proxy, then its replica stopped (SIGTERM): the
 * session's next request must be answered 404 (the proxy falls over to a backup replica, which
 * does not hold the session), and a new session, opened by the same client code, must work.
 */
export async function stopReplicaUnderSession(
  endpoint: string,
  token: string,
  replicas: readonly ReplicaProcess[],
): Promise<ReplicaGoneOutcome> {
  const exchanges: Exchange[] = [];
  const first = await connect(endpoint, token, exchanges);
  const replicaOf = (client: { transport: StreamableHTTPClientTransport }) =>
    client.transport.sessionId?.split('.')[0];
  try {
    await whoami(first.client);
    const stopped = replicas.find(
      (replica) => replica.name === replicaOf(first),
    );
    if (!stopped) throw new Error('the session names no replica');
    const exitCode = await stopped.stop();
    const seen = exchanges.length;
    const error = await whoami(first.client).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    const statusAfterStop =
      error instanceof StreamableHTTPError ? error.code : undefined;
    const answer = exchanges
      .slice(seen)
      .find((exchange) => exchange.method === 'POST');
    const second = await connect(endpoint, token, []);
    try {
      return {
        stopped: stopped.name,
        exitCode,
        statusAfterStop,
        answeredBy: answer?.servedBy ?? null,
        newSessionReplica: replicaOf(second),
        newSessionSubject: await whoami(second.client),
      };
    } finally {
      await second.client.close();
    }
  } finally {
    await first.client.close();
  }
}

async function connect(
  endpoint: string,
  token: string,
  exchanges: Exchange[],
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const client = new Client({ name: 'proxy-check', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(endpoint), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
    fetch: recordingFetch(exchanges),
  });
  await client.connect(transport);
  return { client, transport };
}

async function whoami(client: Client): Promise<string> {
  const result = await client.callTool({ name: 'whoami', arguments: {} });
  if (result.isError) throw new Error('whoami returned isError');
  return (result.structuredContent as { subject: string }).subject;
}
