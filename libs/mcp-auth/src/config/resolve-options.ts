import { dpopReplayLimitsOf } from '../dpop/dpop-replay-limits.js';
import { McpAuthConfigError } from '../errors/mcp-auth.errors.js';
import { PROTECTED_RESOURCE_WELL_KNOWN } from '../mcp-auth.constants.js';
import type {
  McpAuthOptions,
  ResolvedMcpAuthOptions,
} from '../mcp-auth-options.interface.js';
import { protectedResourceMetadataUrl } from './metadata-url.js';
import { rejectUnknownKeys } from './option-checks.js';
import {
  OPTION_NAMES,
  OPTION_TABLE,
  type OptionContext,
  type ResolvedOptionValues,
} from './option-table.js';

/**
 * Validates `McpAuthOptions` once at boot and returns the normalised form. Any problem throws a
 * `McpAuthConfigError` whose message names the option and the fix.
 */
export function resolveMcpAuthOptions(
  options: McpAuthOptions,
): ResolvedMcpAuthOptions {
  if (!options || typeof options !== 'object') {
    throw new McpAuthConfigError('options', 'must be an object');
  }
  rejectUnknownKeys('', options, OPTION_NAMES);
  const given = options as unknown as Record<string, unknown>;
  // The URL rules of every other option depend on these two.
  const allowInsecureHttp = OPTION_TABLE.allowInsecureHttp.resolve(
    'allowInsecureHttp',
    given.allowInsecureHttp,
  );
  const context: OptionContext = {
    allowInsecureHttp,
    resource: OPTION_TABLE.resource.resolve('resource', given.resource, {
      allowInsecureHttp,
      resource: '',
    }),
  };
  const values = Object.fromEntries(
    OPTION_NAMES.map((name) => [
      name,
      OPTION_TABLE[name].resolve(name, given[name], context),
    ]),
  ) as ResolvedOptionValues;
  const metadataUrl = protectedResourceMetadataUrl(new URL(values.resource));
  const replay = dpopReplayLimitsOf(values);
  return Object.freeze({
    ...values,
    dpopReplayKeyQuota: replay.maxPerKey,
    dpopReplayIdentityQuota: replay.maxPerIdentity,
    metadataUrl: metadataUrl.href,
    metadataPaths: Object.freeze([
      ...new Set([metadataUrl.pathname, PROTECTED_RESOURCE_WELL_KNOWN]),
    ]),
  });
}
