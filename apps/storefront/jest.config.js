const preset = require('../../jest.preset.js');

// the preset's swc, plus TSX with React's automatic runtime (the app's components)
const swc = {
  jsc: {
    parser: { syntax: 'typescript', tsx: true },
    transform: { react: { runtime: 'automatic' } },
    target: 'es2023',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  ...preset,
  displayName: 'storefront',
  rootDir: __dirname,
  transform: { '^.+\\.(ts|tsx|js|mjs)$': ['@swc/jest', swc] },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  testMatch: ['<rootDir>/app/**/*.spec.ts', '<rootDir>/app/**/*.spec.tsx'],
};
