// The one bundle recipe every app builds with: `module.exports = appWebpackConfig('<app>')`.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

exports.appWebpackConfig = (app) => ({
  output: { path: join(__dirname, '../../dist/apps', app), clean: true },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      sourceMap: true,
      // the typecheck target type-checks; the bundle only transpiles
      skipTypeChecking: true,
      // dist/apps/<app>/package.json (+ package-lock.json): only the npm packages this app imports,
      // at the workspace's locked versions; the image installs just those
      generatePackageJson: true,
    }),
  ],
});
