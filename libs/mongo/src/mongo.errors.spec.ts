import { isMongoDuplicateKey } from './mongo.errors';

describe(isMongoDuplicateKey.name, () => {
  it("recognises the server's E11000 error", () => {
    const error = Object.assign(new Error('E11000 duplicate key error collection: x index: y'), {
      code: 11000,
    });
    expect(isMongoDuplicateKey(error)).toBe(true);
  });

  it.each([
    ['another code', Object.assign(new Error('write conflict'), { code: 112 })],
    ['the code as a string', { code: '11000' }],
    ['an error without a code', new Error('E11000')],
    ['nothing', null],
    ['a number', 11000],
  ])('refuses %s', (_case, error) => {
    expect(isMongoDuplicateKey(error)).toBe(false);
  });
});
