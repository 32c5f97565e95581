/** The variable that asks for the development login explicitly (the only way under production). */
export const DEV_LOGIN_ENV = 'MCP_DEV_AUTH';

const ISSUERS_ENV = 'MCP_AUTH_AUTHORIZATION_SERVERS';

/**
 * Where the sample's trusted issuers come from: `'configured'` (`MCP_AUTH_AUTHORIZATION_SERVERS`
 * names them) or `'development'` (none configured: the embedded development server, whose login
 * takes any username and no password). Under `NODE_ENV=production` the development login needs
 * `MCP_DEV_AUTH=true`; a blank issuer list is always a configuration error; `MCP_DEV_AUTH=false`
 * forbids the development login everywhere. Throws an `Error` naming the variables and the fix.
 */
export function issuerSourceOf(
  env: NodeJS.ProcessEnv,
): 'configured' | 'development' {
  const issuers = env[ISSUERS_ENV];
  const devLogin = devLoginFlag(env);
  if (issuers !== undefined && issuers !== '') {
    if (issuers.trim() !== '') return 'configured';
    throw new Error(
      `${ISSUERS_ENV} is blank: set it to your identity provider's issuer URL(s), or unset it for the development login (never in production)`,
    );
  }
  if (devLogin === false) {
    throw new Error(
      `${ISSUERS_ENV} is not set and ${DEV_LOGIN_ENV}=false forbids the development login: set ${ISSUERS_ENV} to your identity provider's issuer URL(s)`,
    );
  }
  if (isProduction(env) && devLogin !== true) {
    throw new Error(
      `NODE_ENV is production and ${ISSUERS_ENV} is not set: set ${ISSUERS_ENV} to your identity provider's issuer URL(s). ` +
        `The development login (any username, no password) starts in production only with ${DEV_LOGIN_ENV}=true`,
    );
  }
  return 'development';
}

/** Whether `NODE_ENV` is `production` (any case). */
export function isProduction(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV?.trim().toLowerCase() === 'production';
}

/** `MCP_DEV_AUTH`: `true`, `false`, or `undefined` when unset. */
function devLoginFlag(env: NodeJS.ProcessEnv): boolean | undefined {
  const raw = env[DEV_LOGIN_ENV]?.trim().toLowerCase();
  if (!raw) return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error(
    `${DEV_LOGIN_ENV} "${env[DEV_LOGIN_ENV]}" must be true or false`,
  );
}
