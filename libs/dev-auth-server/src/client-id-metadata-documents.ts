import type { Configuration } from 'oidc-provider';
import type { ResolvedDevAuthorizationServerOptions } from './dev-authorization-server-options.js';

/**
 * The draft of OAuth Client ID Metadata Documents that oidc-provider 9.13 implements
 * (`features.clientIdMetadataDocument`, experimental). Acknowledging it keeps oidc-provider quiet;
 * an oidc-provider release that implements another draft refuses to start with this one, so a
 * change of draft cannot go unnoticed.
 */
export const CLIENT_ID_METADATA_DOCUMENT_DRAFT = 'draft-02';

/**
 * The parts of the oidc-provider configuration for Client ID Metadata Documents: the feature
 * (off unless asked for; metadata then says `client_id_metadata_document_supported: true`) and,
 * when given, the `fetch` that replaces oidc-provider's SSRF-guarded one.
 */
export function clientIdMetadataDocumentSettings(
  setting: ResolvedDevAuthorizationServerOptions['clientIdMetadataDocuments'],
): Pick<Configuration, 'fetch'> & {
  clientIdMetadataDocument: NonNullable<
    NonNullable<Configuration['features']>['clientIdMetadataDocument']
  >;
} {
  if (setting === false) {
    return { clientIdMetadataDocument: { enabled: false } };
  }
  return {
    clientIdMetadataDocument: {
      enabled: true,
      ack: CLIENT_ID_METADATA_DOCUMENT_DRAFT,
    },
    ...(setting.fetch ? { fetch: setting.fetch } : {}),
  };
}
