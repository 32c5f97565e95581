/** Why a bounded fetch failed; used in log lines and to tell outages from bad documents. */
export type BoundedFetchFailure =
  | 'timeout'
  | 'unreachable'
  | 'redirect'
  | 'status'
  | 'too_large'
  | 'invalid_json';

/** A failed `fetchJsonBounded`: `kind` is the class of failure, `detail` a short log-safe description. */
export class BoundedFetchError extends Error {
  constructor(
    readonly kind: BoundedFetchFailure,
    /** What the fetch failed with, e.g. `HTTP 500` or `timed out after 5000 ms`. */
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(detail, options);
    this.name = 'BoundedFetchError';
  }

  /** True when the server could not be reached or failed (timeout, connection, 5xx). */
  get unreachable(): boolean {
    return (
      this.kind === 'timeout' ||
      this.kind === 'unreachable' ||
      (this.kind === 'status' && /^HTTP 5/.test(this.detail))
    );
  }
}

/** Limits of one `fetchJsonBounded` call. */
export interface BoundedFetchOptions {
  /** Time limit of the whole exchange, body included. */
  readonly timeoutMs: number;
  /** Largest body accepted; reading stops as soon as it is exceeded. */
  readonly maxBytes: number;
  /** POST this `application/x-www-form-urlencoded` body instead of a GET (RFC 7662 §2.1). */
  readonly form?: URLSearchParams;
  /** Extra request headers (e.g. `authorization`); never logged. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A JSON document and the response headers it came with. */
export interface BoundedJson {
  readonly json: unknown;
  readonly headers: Headers;
}

/**
 * GETs `url` (or POSTs `form`) and parses its body as JSON, within `timeoutMs` for the whole exchange, refusing
 * redirects (a 3xx is a failure, never followed), any status but 200, and bodies over `maxBytes`
 * (counted while streaming). Throws `BoundedFetchError` on any failure.
 */
export async function fetchJsonBounded(
  url: string,
  { timeoutMs, maxBytes, form, headers }: BoundedFetchOptions,
): Promise<BoundedJson> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      redirect: 'manual',
      signal,
      headers: { ...headers, accept: 'application/json' },
      ...(form ? { method: 'POST', body: form } : {}),
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw statusError(response);
    }
    const text = await readText(response, maxBytes);
    return { json: parseJson(text), headers: response.headers };
  } catch (error) {
    if (error instanceof BoundedFetchError) throw error;
    if (signal.aborted) {
      throw new BoundedFetchError(
        'timeout',
        `timed out after ${timeoutMs} ms`,
        { cause: error },
      );
    }
    throw new BoundedFetchError('unreachable', unreachableDetail(error), {
      cause: error,
    });
  }
}

function statusError(response: Response): BoundedFetchError {
  if (
    response.type === 'opaqueredirect' ||
    (response.status >= 300 && response.status < 400)
  ) {
    return new BoundedFetchError(
      'redirect',
      `redirect (HTTP ${response.status}) not followed`,
    );
  }
  return new BoundedFetchError('status', `HTTP ${response.status}`);
}

async function readText(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  while (reader) {
    const next = await reader.read();
    if (next.done) break;
    size += next.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(next.value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(
      Buffer.concat(chunks),
    );
  } catch {
    throw new BoundedFetchError('invalid_json', 'body is not UTF-8');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BoundedFetchError('invalid_json', 'invalid JSON');
  }
}

function tooLarge(maxBytes: number): BoundedFetchError {
  return new BoundedFetchError(
    'too_large',
    `body larger than ${maxBytes} bytes`,
  );
}

function unreachableDetail(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  return typeof cause?.code === 'string'
    ? `unreachable (${cause.code})`
    : 'unreachable';
}
