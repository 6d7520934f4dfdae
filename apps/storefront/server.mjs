// The storefront's HTTP server: React Router's handler on Express, as react-router-serve runs it,
// plus what that lacks: the shopper's address, given to the loaders so the gateway charges a
// server-rendered page to the shopper, not to this server (the gateway's TRUSTED_PROXIES names
// this server; ours names an ingress in front of it, if any).
// Usage: node apps/storefront/server.mjs [dist/apps/storefront/server/index.js]
import { createRequestHandler } from '@react-router/express';
import compression from 'compression';
import express from 'express';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const buildFile = resolve(
  process.argv[2] ?? join(here, '../../dist/apps/storefront/server/index.js'),
);
const build = await import(pathToFileURL(buildFile).href);
// the build names its client folder relative to the app's folder (react-router.config.ts)
const assets = resolve(here, build.assetsBuildDirectory);

const app = express();
app.disable('x-powered-by');
const trusted = (process.env.TRUSTED_PROXIES ?? '').trim();
try {
  app.set('trust proxy', trusted ? trusted.split(',').map((s) => s.trim()) : false);
  app.get('trust proxy fn')('127.0.0.1', 0);
} catch (error) {
  console.error(
    `TRUSTED_PROXIES: ${error.message} (IPs, CIDRs, loopback, linklocal or uniquelocal, comma separated)`,
  );
  process.exit(1);
}
app.use(compression());
app.use(
  join(build.publicPath, 'assets'),
  express.static(join(assets, 'assets'), { immutable: true, maxAge: '1y' }),
);
app.use(build.publicPath, express.static(assets, { maxAge: '1h' }));
app.all(
  '*',
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req) => ({ shopperAddress: req.ip }),
  }),
);

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, process.env.HOST ?? '0.0.0.0', () =>
  console.log(`storefront on http://localhost:${port}`),
);
for (const signal of ['SIGTERM', 'SIGINT'])
  process.once(signal, () => server.close(() => process.exit(0)));
