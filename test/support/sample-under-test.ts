import { afterAll, afterEach, beforeAll } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { startTestIssuer, type TestIssuer } from '@nest-mcp/auth/testing';
import type { HttpAdapterName } from './http-adapters.js';
import { listenSample } from './listen.js';

/** The sample listening on loopback and the test issuer it trusts; set before the tests run. */
export interface SampleUnderTest {
  idp: TestIssuer;
  app: INestApplication;
  /** `http://127.0.0.1:<port>/mcp`. */
  endpoint: string;
  /** Closes `client` after the test that opened it; returns it. */
  closeAfterTest<C extends { close(): Promise<unknown> }>(client: C): C;
}

/**
 * Before the suite's tests: a fresh test issuer for `resource` and the sample on `adapter`
 * trusting it (`listenSample`), with `env` set besides. After each test: the clients it handed to
 * `closeAfterTest` closed. After the suite: the sample and the issuer closed, `process.env` restored.
 */
export function sampleUnderTest(
  adapter: HttpAdapterName,
  resource: string,
  env: Record<string, string> = {},
): SampleUnderTest {
  const saved = { ...process.env };
  const opened: Array<{ close(): Promise<unknown> }> = [];
  const sample = {
    closeAfterTest: (client) => {
      opened.push(client);
      return client;
    },
  } as SampleUnderTest;
  beforeAll(async () => {
    sample.idp = await startTestIssuer({ audience: resource });
    Object.assign(process.env, env);
    const { app, url } = await listenSample(
      sample.idp,
      resource,
      undefined,
      adapter,
    );
    sample.app = app;
    sample.endpoint = `${url}/mcp`;
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((client) => client.close()));
  });
  afterAll(async () => {
    await sample.app?.close();
    await sample.idp?.close();
    process.env = saved;
  });
  return sample;
}
