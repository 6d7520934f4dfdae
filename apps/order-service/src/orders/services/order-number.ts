import { randomInt } from 'node:crypto';

/** Crockford base32 without I, L, O, U: nothing to misread when a customer reads it out. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `ORD-250114-7K3QZD`: the day plus 30 random bits; the unique index catches the rare clash. */
export function newOrderNumber(now = new Date()): string {
  const day = now.toISOString().slice(2, 10).replace(/-/g, '');
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `ORD-${day}-${suffix}`;
}
