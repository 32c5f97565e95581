import { logValue } from './log-value.js';

/** Client IDs and API identifiers that some identity providers put in `aud` instead of a URL. */
const AUDIENCE_SHAPES: readonly [RegExp, string][] = [
  [
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    "looks like a client ID (GUID), as Entra ID v2.0 tokens carry the API's client ID",
  ],
  [/^client_/, 'looks like a WorkOS environment client ID'],
  [
    /^api:\/\//,
    'looks like an API identifier (Okta api://default, an Entra App ID URI)',
  ],
];

/** A hint when a presented audience has the shape of a client ID or API identifier. */
export function audienceShapeHint(
  presented: readonly unknown[],
): string | undefined {
  for (const aud of presented) {
    if (typeof aud !== 'string') continue;
    const shape = AUDIENCE_SHAPES.find(([pattern]) => pattern.test(aud));
    if (shape) return `${logValue(aud)} ${shape[1]}`;
  }
  return undefined;
}
