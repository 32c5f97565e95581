/**
 * The published libraries, in build order (a library is built after the libraries it imports, whose
 * declarations it is compiled against). `dir` is the folder under `libs/` and under `dist/packages/`.
 */
export const LIBRARIES = [
  { dir: 'mcp-auth', readme: 'libs/mcp-auth/README.md' },
  { dir: 'mcp-server', readme: 'libs/mcp-server/README.md' },
  { dir: 'redis', readme: 'libs/redis/README.md' },
  { dir: 'dev-auth-server', readme: 'libs/dev-auth-server/README.md' },
];

/** Scope of the packages this workspace publishes; their mutual ranges are stamped at pack time. */
export const OWN_SCOPE = '@nest-mcp/';
