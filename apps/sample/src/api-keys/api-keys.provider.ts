import type { FactoryProvider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { parseApiKeys, SAMPLE_API_KEYS_ENV } from './api-key-list.js';
import { ApiKeyVerifier } from './api-key.verifier.js';

/** The sample's API keys from `SAMPLE_API_KEYS`, or no verifier at all when it is unset. */
export const apiKeysProvider: FactoryProvider<ApiKeyVerifier | null> = {
  provide: ApiKeyVerifier,
  inject: [ConfigService],
  useFactory: (config: ConfigService) => {
    const text = config.get<string>(SAMPLE_API_KEYS_ENV)?.trim();
    return text ? new ApiKeyVerifier(parseApiKeys(text)) : null;
  },
};
