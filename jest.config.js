/**
 * Jest in ESM mode (see package.json "test"): ts-jest compiles TypeScript as ES modules.
 * Two projects: unit specs next to the code, e2e suites in test/ against listening apps.
 */
const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironment: 'node',
  // `npm run pack` writes package folders there whose names collide with libs/*/package.json
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  moduleNameMapper: {
    '^@nest-mcp/auth$': '<rootDir>/libs/mcp-auth/src/index.ts',
    '^@nest-mcp/auth/testing$': '<rootDir>/libs/mcp-auth/testing/index.ts',
    '^@nest-mcp/server$': '<rootDir>/libs/mcp-server/src/index.ts',
    '^@nest-mcp/redis$': '<rootDir>/libs/redis/src/index.ts',
    '^@nest-mcp/dev-auth-server$':
      '<rootDir>/libs/dev-auth-server/src/index.ts',
    '^@nest-mcp/dev-auth-server/testing$':
      '<rootDir>/libs/dev-auth-server/testing/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // Its CommonJS build `require`s Nest 12 (ESM only), which jest's CommonJS loader cannot do
    // before Node 24.9 (plain Node 20.19+ can): the tests load its shipped TypeScript source as ESM.
    '^@rekog/mcp-nest$': '<rootDir>/node_modules/@rekog/mcp-nest/src/index.ts',
  },
  transformIgnorePatterns: ['/node_modules/(?!@rekog/mcp-nest/)'],
  // Test-run noise only: see the file.
  setupFiles: ['<rootDir>/test/setup/quiet-test-notices.ts'],
  transform: {
    // That source sits in a CommonJS package, where ts-jest would emit CommonJS: emit ESM.
    '/node_modules/@rekog/mcp-nest/.+\\.ts$':
      '<rootDir>/test/setup/esm-source-transform.mjs',
    '^.+\\.ts$': [
      'ts-jest',
      { useESM: true, tsconfig: '<rootDir>/tsconfig.json' },
    ],
  },
};

export default {
  // Work in tests is bounded by count; the limit per test only catches a hang. It leaves a busy
  // 2-core machine (both suites, other load beside them) a wide margin over what tests need here.
  testTimeout: 60_000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/scripts/**/*.spec.mjs',
      ],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};
