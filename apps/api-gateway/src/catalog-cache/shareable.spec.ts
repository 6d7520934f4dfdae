import { isShareable } from './shareable';

describe(isShareable.name, () => {
  it('shares a plain answer, or one that only varies on the encoding', () => {
    expect(isShareable({ 'content-type': 'application/json' })).toBe(true);
    expect(isShareable({ 'cache-control': 'no-cache' })).toBe(true);
    expect(isShareable({ 'cache-control': 'public, max-age=60' })).toBe(true);
    expect(isShareable({ vary: 'Accept-Encoding' })).toBe(true);
    expect(isShareable({ 'content-encoding': 'identity' })).toBe(true);
  });

  it('keeps answers for one client out of the shared cache', () => {
    expect(isShareable({ 'cache-control': 'private' })).toBe(false);
    expect(isShareable({ 'cache-control': 'max-age=0, Private' })).toBe(false);
    expect(isShareable({ 'cache-control': 'private="set-cookie"' })).toBe(false);
    expect(isShareable({ 'cache-control': 'no-store' })).toBe(false);
    expect(isShareable({ 'set-cookie': ['session=1'] })).toBe(false);
  });

  it('keeps answers that vary on anything the cache key ignores', () => {
    expect(isShareable({ vary: 'Authorization' })).toBe(false);
    expect(isShareable({ vary: 'accept-encoding, cookie' })).toBe(false);
    expect(isShareable({ vary: 'Accept-Language' })).toBe(false);
    expect(isShareable({ vary: '*' })).toBe(false);
    expect(isShareable({ vary: 'Origin' })).toBe(false);
  });

  it('keeps encoded bodies out (the cache stores identity only)', () => {
    expect(isShareable({ 'content-encoding': 'gzip' })).toBe(false);
  });

  it('does not mistake a longer directive for private or no-store', () => {
    expect(isShareable({ 'cache-control': 'no-store-ish, privateer' })).toBe(true);
  });
});
