import { etagOf, ifMatchSatisfied } from './if-match';

describe(ifMatchSatisfied.name, () => {
  it.each([
    [undefined, true],
    ['*', true],
    ['"3"', true],
    ['W/"3"', true],
    ['"1", "3"', true],
    ['"2"', false],
    ['3', false],
  ])('If-Match %p against version 3 → %p', (header, expected) => {
    expect(ifMatchSatisfied(header, 3)).toBe(expected);
  });

  it('quotes the version as the ETag', () => {
    expect(etagOf(7)).toBe('"7"');
  });
});
