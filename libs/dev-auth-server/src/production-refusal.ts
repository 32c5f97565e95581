import { DevAuthServerConfigError } from './dev-auth-server.errors.js';

/**
 * The development server signs in anyone, with any username and no password. Under
 * `NODE_ENV=production` it refuses to start unless `allowInProduction` is `true`: a deployment
 * must not get a passwordless login by a missing setting. Throws `DevAuthServerConfigError`.
 */
export function refuseProductionUnlessAllowed(
  allowInProduction: unknown,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): boolean {
  if (
    allowInProduction !== undefined &&
    typeof allowInProduction !== 'boolean'
  ) {
    throw new DevAuthServerConfigError(
      'allowInProduction',
      `must be true or false (got ${JSON.stringify(allowInProduction)})`,
    );
  }
  if (
    nodeEnv?.trim().toLowerCase() === 'production' &&
    allowInProduction !== true
  ) {
    throw new DevAuthServerConfigError(
      'allowInProduction',
      'is not true and NODE_ENV is production: this server lets anyone sign in as any user with no password. Trust a real identity provider instead, or pass allowInProduction: true only for a throwaway demo nobody else can reach',
    );
  }
  return allowInProduction === true;
}
