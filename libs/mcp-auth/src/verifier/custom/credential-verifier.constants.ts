/** Metadata key set by `@McpCredentialVerifier()`. */
export const CREDENTIAL_VERIFIER_METADATA = 'mcp-auth:credential-verifier';
