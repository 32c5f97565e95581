/**
 * Resolves once `condition()` holds, polling every 10 ms; rejects after `limitMs`. The limit only
 * bounds a hang: on a loaded machine an event (a socket closing, a log line) can take long to land.
 */
export async function waitUntil(
  condition: () => boolean,
  what: string,
  limitMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${limitMs} ms waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
