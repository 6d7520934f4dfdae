import { CATEGORY_NAMES, categoryName } from './categories';
import { DEMO_CATALOG } from './demo-catalog';

describe('categoryName', () => {
  it('names the demo categories from the map', () => {
    expect(categoryName('home-kitchen')).toBe('Home & Kitchen');
    expect(categoryName('toys-games')).toBe('Toys & Games');
    expect(categoryName('electronics')).toBe('Electronics');
  });

  it('title-cases any other slug', () => {
    expect(categoryName('garden-tools')).toBe('Garden Tools');
    expect(categoryName('a1')).toBe('A1');
  });

  it('has a name in the map for every demo category', () => {
    const missing = DEMO_CATALOG.map((p) => p.category).filter((c) => !(c in CATEGORY_NAMES));
    expect(missing).toEqual([]);
  });
});
