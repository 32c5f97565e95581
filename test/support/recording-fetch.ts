/** One HTTP answer a client received: its status and `WWW-Authenticate` challenge. */
export interface SeenAnswer {
  readonly status: number;
  readonly wwwAuthenticate: string | null;
}

/** A `fetch` that records every answer it passes on, for clients that hide the HTTP layer. */
export function recordingFetch(): {
  fetch: typeof globalThis.fetch;
  seen: SeenAnswer[];
} {
  const seen: SeenAnswer[] = [];
  const recording: typeof globalThis.fetch = async (input, init) => {
    const res = await fetch(input, init);
    seen.push({
      status: res.status,
      wwwAuthenticate: res.headers.get('www-authenticate'),
    });
    return res;
  };
  return { fetch: recording, seen };
}
