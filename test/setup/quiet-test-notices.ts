/**
 * Jest set-up (every test file): drops two oidc-provider warnings that are noise in this test run
 * only, and nothing else. "Unsupported runtime" is printed once per test file on Node 20 (each
 * file imports oidc-provider afresh; users see it once per process, and not on Node 22+). "failed
 * to setup SSRF protection" comes from jest's module sandbox: oidc-provider looks for undici's
 * global dispatcher on the sandbox's `globalThis`, which does not have it; in a real process it
 * is found and the protection is on. Every other warning still prints.
 */
const NOISE = [
  'oidc-provider WARNING: Unsupported runtime.',
  'oidc-provider WARNING: failed to setup SSRF protection for fetch',
];

const { warn } = console;
console.warn = (...args: unknown[]) => {
  const text = typeof args[0] === 'string' ? args[0] : '';
  if (!NOISE.some((noise) => text.includes(noise))) warn(...args);
};
