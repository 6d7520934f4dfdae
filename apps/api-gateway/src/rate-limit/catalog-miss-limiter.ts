import { TokenBucketLimiter } from './token-bucket-limiter';

/**
 * The second budget of each caller (same key: user or IP): catalog reads the cache cannot answer,
 * each of which costs product-service a query. Sized to what an instance serves uncached (tens of
 * lists per second), where the general bucket is sized to what the gateway serves from memory: a
 * client flooding cache-busting searches meets this one long before the other.
 */
export class CatalogMissLimiter extends TokenBucketLimiter {}
