import { PROBLEM_OPENAPI_SCHEMA, PROBLEM_SCHEMA_REF } from '@mstore/contracts';
import { mergePublicApi, ServiceSpec } from './openapi-merger';

const op = (schema: string) => ({
  responses: {
    '200': {
      description: 'ok',
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
    },
  },
});
const productSpec = (): ServiceSpec => ({
  paths: {
    '/api/products': {
      get: op('ProductPage'),
      post: { ...op('Product'), requestBody: { content: { 'application/json': {} } } },
    },
    '/internal/products/lookup': { post: op('Product') },
    '/health/ready': { get: op('Product') },
  },
  components: {
    schemas: {
      Product: { type: 'object', properties: { sku: { type: 'string' } } },
      ProductPage: { type: 'object' },
    },
  },
});
const orderSpec = (): ServiceSpec => ({
  paths: {
    '/api/orders/{id}/status': { patch: op('Product') },
    '/api/orders': { post: op('Order') },
  },
  components: { schemas: { Product: { type: 'string' }, Order: { type: 'object' } } },
});

describe(mergePublicApi.name, () => {
  const doc = mergePublicApi(
    { 'product-service': productSpec(), 'order-service': orderSpec() },
    'http://localhost:8080',
  );

  it('keeps only the public API paths', () => {
    expect(Object.keys(doc.paths)).toEqual([
      '/api/orders',
      '/api/orders/{id}/status',
      '/api/products',
    ]);
    expect(doc.servers).toEqual([{ url: 'http://localhost:8080' }]);
  });

  it('marks each operation with the edge rule and its problem answers', () => {
    expect(doc.paths['/api/products'].get?.security).toEqual([]);
    expect(doc.paths['/api/products'].post?.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/products'].post?.responses['403']).toBeDefined();
    expect(doc.paths['/api/orders'].post?.responses['401']).toBeDefined();
    expect(doc.paths['/api/orders'].post?.responses['403']).toBeUndefined();
    expect(doc.paths['/api/orders/{id}/status'].patch?.responses['403']).toBeDefined();
    expect(doc.paths['/api/products'].get?.responses['429']).toBeDefined();
    expect(doc.paths['/api/products'].get?.responses['401']).toBeDefined();
    expect(doc.paths['/api/products'].get?.responses['413']).toBeUndefined();
    expect(doc.paths['/api/products'].post?.responses['413']).toBeDefined();
    expect(doc.components?.securitySchemes?.['bearer']).toMatchObject({ scheme: 'bearer' });
  });

  it('renames a clashing schema of a later service and rewrites its references', () => {
    const schemas = doc.components?.schemas ?? {};
    expect(schemas['Product']).toMatchObject({ type: 'object' });
    expect(schemas['OrderServiceProduct']).toEqual({ type: 'string' });
    expect(JSON.stringify(doc.paths['/api/orders/{id}/status'])).toContain(
      '#/components/schemas/OrderServiceProduct',
    );
    expect(JSON.stringify(doc.paths['/api/products'])).not.toContain('OrderServiceProduct');
  });

  it("keeps a service's own problem answers, on the one shared Problem schema", () => {
    const notFound = {
      description: 'No such order',
      content: { 'application/problem+json': { schema: { $ref: PROBLEM_SCHEMA_REF } } },
    };
    const withProblems = mergePublicApi(
      {
        'order-service': {
          paths: {
            '/api/orders/{id}': {
              get: { responses: { ...op('Order').responses, '404': notFound } },
            },
          },
          components: { schemas: { Order: { type: 'object' }, Problem: PROBLEM_OPENAPI_SCHEMA } },
        },
      },
      'http://localhost:8080',
    );
    expect(withProblems.paths['/api/orders/{id}'].get?.responses['404']).toEqual(notFound);
    expect(withProblems.components?.schemas?.['Problem']).toEqual(PROBLEM_OPENAPI_SCHEMA);
    expect(Object.keys(withProblems.components?.schemas ?? {})).not.toContain(
      'OrderServiceProblem',
    );
  });
});
