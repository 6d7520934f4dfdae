import { z } from 'zod';

/** Field rules shared by the product DTOs. */
export const skuField = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-"; at most 64');
export const nameField = z.string().trim().min(1).max(200);
export const descriptionField = z.string().trim().max(5000);
export const categoryField = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,49}$/, 'lower-case letters, digits and "-"; at most 50');
/** Integer minor units (cents); at most 10 million major units. */
export const priceField = z.number().int().min(0).max(1_000_000_000);
export const currencyField = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD');
export const imageUrlField = z.url({ protocol: /^https?$/ }).max(2048);
