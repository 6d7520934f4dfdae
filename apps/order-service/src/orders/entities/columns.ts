import type { ValueTransformer } from 'typeorm';

/** mysql2 returns BIGINT as a string; money and counts fit a JS number (< 2^53). */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
