import type { DpopSession } from '@modelcontextprotocol/client';
import { TestOAuthClientProvider } from './test-oauth-client-provider.js';

/** The test client provider with a DPoP key: the SDK then binds its tokens (RFC 9449). */
export class DpopClientProvider extends TestOAuthClientProvider {
  constructor(readonly session: DpopSession) {
    super();
  }
  dpop() {
    return this.session;
  }
}
