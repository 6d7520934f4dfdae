import { createMStoreClient, type MStoreClient, type Problem } from '@mstore/sdk';
import { recordAnswer } from './http-client';

/**
 * The SDK's typed client of a gateway, for the suites: paths, bodies and answers come from the
 * committed OpenAPI. Every answer is recorded like `call`'s, so `unexpected5xx()` still sees it.
 */
export function storeClient(baseUrl: string, token?: string): MStoreClient {
  const client = createMStoreClient({ baseUrl, token });
  client.use({
    onResponse({ request, response }) {
      const url = new URL(request.url);
      recordAnswer(request.method, url.pathname + url.search, response.status);
      return undefined;
    },
  });
  return client;
}

/** A problem as the store answers it: the contract's Problem plus the store's extension members. */
export type StoreProblem = Problem & {
  shortages?: { sku: string; requested?: number; available?: number }[];
  unknownSkus?: string[];
};

/** `isProblem` for an SDK answer: application/problem+json with a numeric status and a title. */
export const isProblemAnswer = (answer: { response: Response; error?: unknown }): boolean => {
  const body = answer.error as Partial<Problem> | undefined;
  return (
    (answer.response.headers.get('content-type') ?? '').startsWith('application/problem+json') &&
    typeof body?.status === 'number' &&
    typeof body?.title === 'string'
  );
};
