/**
 * Notices oidc-provider prints when it is constructed that are expected for a development-only
 * server (it warns that its in-memory storage is for development). Only these exact notices are
 * dropped; errors still throw and any other message still prints.
 */
const EXPECTED_NOTICES = [
  'oidc-provider WARNING: a quick start development-only in-memory adapter is used',
];

/** Runs `construct` (synchronous) with the expected development notices of oidc-provider muted. */
export function withoutDevNotices<T>(construct: () => T): T {
  const { warn, info } = console;
  const filter =
    (print: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : '';
      if (!EXPECTED_NOTICES.some((notice) => text.includes(notice))) {
        print(...args);
      }
    };
  console.warn = filter(warn);
  console.info = filter(info);
  try {
    return construct();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}
