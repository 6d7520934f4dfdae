/** Lines a cart may hold (as many as an order may have). */
export const MAX_CART_LINES = 50;
/** Units of one sku in a cart; a merge caps the sum here. */
export const MAX_CART_QUANTITY = 99;
/** At or below this many units left (or fewer than the line wants), a line's stock is `low`. */
export const LOW_STOCK_HINT = 5;
/** The currency of an empty cart (the catalog's). */
export const DEFAULT_CURRENCY = 'USD';
