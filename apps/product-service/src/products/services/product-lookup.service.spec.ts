import { Product } from '../product.types';
import { ProductsRepository } from '../repositories/products.repository';
import { ProductLookupService } from './product-lookup.service';

const product = (sku: string, deleted = false): Product => ({
  id: `id-${sku}`,
  sku,
  name: `Name ${sku}`,
  description: '',
  category: 'books',
  price: 500,
  currency: 'USD',
  version: 1,
  deleted,
  createdAt: new Date(),
  updatedAt: new Date(),
});

describe(ProductLookupService.name, () => {
  it('reports every requested sku once: sellable, deleted or unknown', async () => {
    const repository = {
      findBySkus: jest.fn().mockResolvedValue([product('A'), product('B', true)]),
    };
    const service = new ProductLookupService(repository as unknown as ProductsRepository);
    const { items } = await service.lookup(['A', 'B', 'C', 'A']);
    expect(repository.findBySkus).toHaveBeenCalledWith(['A', 'B', 'C']);
    expect(items).toEqual([
      { sku: 'A', known: true, sellable: true, name: 'Name A', price: 500, currency: 'USD' },
      { sku: 'B', known: true, sellable: false, name: 'Name B', price: 500, currency: 'USD' },
      { sku: 'C', known: false, sellable: false },
    ]);
  });
});
