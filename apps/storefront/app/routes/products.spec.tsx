import { renderToString } from 'react-dom/server';
import { createStaticHandler, createStaticRouter, data, StaticRouterProvider } from 'react-router';
import Products, { ErrorBoundary } from './products';

/** Renders /products?… on the server with a loader that fails the way the gateway did. */
async function render(url: string, failure: () => never): Promise<string> {
  const routes = [{ path: '/products', loader: failure, Component: Products, ErrorBoundary }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(`http://store.test${url}`));
  if (context instanceof Response) throw new Error('unexpected redirect');
  return renderToString(
    <StaticRouterProvider
      router={createStaticRouter(handler.dataRoutes, context)}
      context={context}
    />,
  );
}

describe('the catalog when the gateway refuses', () => {
  it('says "too many requests" in words and keeps the search and filters the shopper gave', async () => {
    const html = await render('/products?q=chess&category=toys-games&max=50&sort=price', () => {
      throw data('Too many requests. Please wait 7 s and try again.', {
        status: 429,
        headers: { 'retry-after': '7' },
      });
    });
    expect(html).toContain('role="alert"');
    expect(html).toContain('Too many requests. Please wait 7 s and try again.');
    expect(html).toContain('Results for “chess”');
    expect(html).toMatch(/<input id="q"[^>]*name="q" value="chess"/);
    expect(html).toMatch(/<option value="toys-games" selected="">Toys &amp; Games<\/option>/);
    expect(html).toMatch(/id="max"[^>]*value="50"/);
    expect(html).toMatch(/<option value="price" selected="">/);
    expect(html).toContain('<label for="q">Search</label>');
  });

  it('says something in words for an unexpected failure too', async () => {
    const html = await render('/products', () => {
      throw new Error('boom');
    });
    expect(html).toContain('The catalog could not be loaded. Please try again in a moment.');
    expect(html).toContain('All products');
  });
});
