import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Throughput of one way of verifying new tokens, without HTTP. */
export interface VerifierRate {
  readonly verifier:
    | 'node:crypto signature only'
    | 'jose jwtVerify + createRemoteJWKSet'
    | 'McpTokenVerifier.verify';
  readonly tokensPerSecond: number;
  /** Process CPU (user + system, every thread) per token. */
  readonly cpuMicrosPerToken: number;
  readonly tokens: number;
}

/** Forks `verify-throughput-main.js` (its own process, nothing else running) and returns its rates. */
export function measureVerification(): Promise<VerifierRate[]> {
  const entry = fileURLToPath(
    new URL('./verify-throughput-main.js', import.meta.url),
  );
  return new Promise((resolve, reject) => {
    let rates: VerifierRate[] | undefined;
    const child = fork(entry, []);
    child.on(
      'message',
      (message: { type?: string; rates?: VerifierRate[] }) => {
        if (message.type === 'verify') rates = message.rates;
      },
    );
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && rates) resolve(rates);
      else
        reject(new Error(`verification measurement exited with code ${code}`));
    });
  });
}

/** Markdown table of the rates, each against jose's. */
export function verificationTable(rates: readonly VerifierRate[]): string {
  const jose = rates.find(
    (r) => r.verifier === 'jose jwtVerify + createRemoteJWKSet',
  );
  const ratio = (value: number, base: number | undefined) =>
    base ? (value / base).toFixed(2) : '';
  return [
    '| verifier | tokens/s | ratio to jose | CPU µs/token | jose CPU / this CPU | tokens |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rates.map(
      (r) =>
        `| ${r.verifier} | ${r.tokensPerSecond.toFixed(0)} | ${ratio(r.tokensPerSecond, jose?.tokensPerSecond)} | ${r.cpuMicrosPerToken.toFixed(1)} | ${jose ? ratio(jose.cpuMicrosPerToken, r.cpuMicrosPerToken) : ''} | ${r.tokens} |`,
    ),
  ].join('\n');
}
