// Shared by every project's jest.config.js: swc keeps decorator metadata (Nest DI needs it) and is fast.
const { join } = require('node:path');

const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  testEnvironment: 'node',
  // jose ships ESM only; jest's CommonJS runtime needs it transpiled
  transform: { '^.+\\.(ts|js|mjs)$': ['@swc/jest', swc] },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // the paths of tsconfig.base.json: the stack CLI's modules, two entry points, then each lib's index
  moduleNameMapper: {
    '^@mstore/stack/(.*)$': join(__dirname, 'tools/stack/$1'),
    '^@mstore/sdk/generate$': join(__dirname, 'libs/sdk/src/generate.ts'),
    '^@mstore/config/testing$': join(__dirname, 'libs/config/src/describe-config.ts'),
    '^@mstore/platform/tracing$': join(__dirname, 'libs/platform/src/tracing.ts'),
    '^@mstore/([^/]+)$': join(__dirname, 'libs/$1/src/index.ts'),
  },
  clearMocks: true,
};
