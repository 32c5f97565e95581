import autocannon from 'autocannon';
import type { TokenSource } from '../issuer/token-source.js';
import { type Era, whoamiCall } from './mcp-call.js';
import { LatencyRecorder } from './percentile.js';

/** One autocannon run of `tools/call whoami` against a server. */
export interface LoadPlan {
  readonly url: string;
  /** The protocol revision of the requests. */
  readonly era: Era;
  readonly connections: number;
  /** Gives the bearer token of each request (the baseline gets one too, and ignores it). */
  readonly tokens: TokenSource;
  /** Send exactly this many requests… */
  readonly amount?: number;
  /** …or keep sending for this many seconds. */
  readonly durationSeconds?: number;
}

/** What one run measured; latencies are per response, in milliseconds. */
export interface LoadSlice {
  readonly responses: number;
  /** From the start of the run to its last response. */
  readonly seconds: number;
  readonly non2xx: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly latenciesMs: Float64Array;
}

/** Runs `plan` with autocannon in this process (the server under test runs in another). */
export function runLoad(plan: LoadPlan): Promise<LoadSlice> {
  const latencies = new LatencyRecorder();
  let responses = 0;
  let last = 0;
  const start = performance.now();
  const call = whoamiCall(plan.era);
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: plan.url,
        connections: plan.connections,
        ...(plan.amount
          ? { amount: plan.amount }
          : { duration: plan.durationSeconds }),
        // A finished run is only reported at the next sample: sample often, so no time is lost.
        sampleInt: 100,
        method: 'POST',
        headers: { ...call.headers },
        body: call.body,
        requests: [
          {
            setupRequest: (request) => {
              const token = plan.tokens.take();
              const proof = plan.tokens.proof?.();
              request.headers = {
                ...request.headers,
                ...(proof
                  ? { Authorization: `DPoP ${token}`, DPoP: proof }
                  : { Authorization: `Bearer ${token}` }),
              };
              return request;
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          responses,
          seconds: (last - start) / 1000,
          non2xx: result.non2xx,
          errors: result.errors,
          statusCodes: Object.fromEntries(
            Object.entries(result.statusCodeStats).map(([code, s]) => [
              code,
              s.count,
            ]),
          ),
          latenciesMs: latencies.values(),
        });
      },
    );
    instance.on(
      'response',
      (_client: unknown, _status: number, _bytes: number, ms: number) => {
        responses++;
        last = performance.now();
        latencies.record(ms);
      },
    );
  });
}
