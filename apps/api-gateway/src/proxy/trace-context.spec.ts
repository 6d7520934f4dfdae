import { nextTraceparent } from './trace-context';

const FORMAT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

describe(nextTraceparent.name, () => {
  it('keeps the trace id and flags of a valid header, with a new parent id', () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
    const next = nextTraceparent(incoming);
    expect(next).toMatch(FORMAT);
    expect(next.slice(0, 36)).toBe(incoming.slice(0, 36));
    expect(next.slice(36, 52)).not.toBe('00f067aa0ba902b7');
    expect(next.endsWith('-00')).toBe(true);
  });

  it('starts a sampled trace when the header is absent or invalid', () => {
    for (const bad of [undefined, 'junk', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`, ['a', 'b']]) {
      const next = nextTraceparent(bad);
      expect(next).toMatch(FORMAT);
      expect(next.endsWith('-01')).toBe(true);
    }
    expect(nextTraceparent(undefined)).not.toBe(nextTraceparent(undefined));
  });
});
