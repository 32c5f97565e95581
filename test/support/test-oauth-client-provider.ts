import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';

/**
 * An in-memory `OAuthClientProvider` for the SDK client, as a CLI or desktop MCP client would keep
 * one: it registers dynamically, keeps tokens, and records where it would send the user's browser.
 */
export class TestOAuthClientProvider implements OAuthClientProvider {
  readonly redirectUrl = 'http://127.0.0.1:9/callback';
  /** Authorization URLs the client asked to open, newest last. */
  readonly authorizationUrls: URL[] = [];
  private information: OAuthClientInformationMixed | undefined;
  private savedTokens: OAuthTokens | undefined;
  private verifier = '';
  private discovery: unknown;

  constructor(private readonly options: { refreshTokens?: boolean } = {}) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'nest-mcp-auth e2e client',
      redirect_uris: [this.redirectUrl],
      grant_types: this.options.refreshTokens
        ? ['authorization_code', 'refresh_token']
        : ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  clientInformation() {
    return this.information;
  }
  saveClientInformation(information: OAuthClientInformationMixed) {
    this.information = information;
  }
  tokens() {
    return this.savedTokens;
  }
  saveTokens(tokens: OAuthTokens) {
    this.savedTokens = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrls.push(url);
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  /** SDK v2 keeps the discovered authorization server here, to bind the callback to it. */
  saveDiscoveryState(state: unknown) {
    this.discovery = state;
  }
  discoveryState() {
    return this.discovery as never;
  }

  /** The last authorization URL the client wanted to open. */
  get lastAuthorizationUrl(): URL {
    const url = this.authorizationUrls.at(-1);
    if (!url)
      throw new Error('the client never asked to open an authorization URL');
    return url;
  }
}
