import { etagOf, ifNoneMatchHits } from './etag';

describe('etag', () => {
  it('derives a stable quoted tag from the body', () => {
    const tag = etagOf(Buffer.from('{"a":1}'));
    expect(tag).toMatch(/^"[\w-]+"$/);
    expect(etagOf(Buffer.from('{"a":1}'))).toBe(tag);
    expect(etagOf(Buffer.from('{"a":2}'))).not.toBe(tag);
  });

  it('matches If-None-Match lists, weak tags and the wildcard', () => {
    expect(ifNoneMatchHits('"x"', '"x"')).toBe(true);
    expect(ifNoneMatchHits('"y", W/"x"', '"x"')).toBe(true);
    expect(ifNoneMatchHits('*', '"x"')).toBe(true);
    expect(ifNoneMatchHits('"y"', '"x"')).toBe(false);
    expect(ifNoneMatchHits(undefined, '"x"')).toBe(false);
  });
});
