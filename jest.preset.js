// Shared by every project's jest.config.ts: swc keeps decorator metadata (Nest DI needs it) and is fast.
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
  moduleNameMapper: { '^@mstore/(.*)$': join(__dirname, 'libs/$1/src/index.ts') },
  clearMocks: true,
};
