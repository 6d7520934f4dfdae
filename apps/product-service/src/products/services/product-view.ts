import { ProductView } from '../dto/product.dto';
import { Product } from '../product.types';

export function toProductView(product: Product): ProductView {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    description: product.description,
    category: product.category,
    price: product.price,
    currency: product.currency,
    ...(product.imageUrl !== undefined && { imageUrl: product.imageUrl }),
    version: product.version,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}
