import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { committedPublicApi } from './print-public-api';

const COMMITTED = join(__dirname, '../../../../libs/contracts/openapi/public-api.json');

describe('committed public API (the SDK is generated from it)', () => {
  it('is what the gateway serves from the committed service specs (run `npm run openapi` when this fails)', () => {
    const served = committedPublicApi();
    expect(JSON.parse(readFileSync(COMMITTED, 'utf8'))).toEqual(JSON.parse(JSON.stringify(served)));
  });
});
