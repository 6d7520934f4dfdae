import { reactRouter } from '@react-router/dev/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [reactRouter()],
  // @mstore/sdk resolves through tsconfig.base.json's paths, to its source (bundled like app code)
  resolve: { tsconfigPaths: true },
  // the SDK's one runtime dependency goes into the server bundle too: the image installs only React Router's
  ssr: { noExternal: ['openapi-fetch'] },
  build: { sourcemap: false },
});
