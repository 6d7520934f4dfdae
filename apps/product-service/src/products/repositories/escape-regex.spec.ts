import { escapeRegex } from './escape-regex';

describe(escapeRegex.name, () => {
  it.each(['.*(', 'a+b?', '[x]{2}', 'c:\\d', '^$|/-'])('matches %p literally', (text) => {
    const pattern = new RegExp(escapeRegex(text), 'i');
    expect(pattern.test(`before ${text} after`)).toBe(true);
    expect(pattern.test('unrelated words')).toBe(false);
  });
});
