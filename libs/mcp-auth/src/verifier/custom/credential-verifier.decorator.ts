import { SetMetadata } from '@nestjs/common';
import { CREDENTIAL_VERIFIER_METADATA } from './credential-verifier.constants.js';

/**
 * Marks a provider (a class implementing `McpCredentialVerifierPort`) as a verifier of your own;
 * `name` becomes the `issuer` of the owners it accepts and names it in logs and the doctor. The
 * provider must be a singleton, registered in any module of the application.
 *
 * @publicApi
 */
export const McpCredentialVerifier = (name: string): ClassDecorator =>
  SetMetadata(CREDENTIAL_VERIFIER_METADATA, name);
