import type { LoaderFunctionArgs } from 'react-router';

const PALETTE: Record<string, [string, string]> = {
  books: ['#7c3aed', '#ede9fe'],
  clothing: ['#db2777', '#fce7f3'],
  electronics: ['#2563eb', '#dbeafe'],
  home: ['#ea580c', '#ffedd5'],
  sports: ['#16a34a', '#dcfce7'],
  toys: ['#ca8a04', '#fef9c3'],
  elec: ['#2563eb', '#dbeafe'],
  book: ['#7c3aed', '#ede9fe'],
  clot: ['#db2777', '#fce7f3'],
  spor: ['#16a34a', '#dcfce7'],
};

const escape = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function hash(s: string): number {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

/** A picture per sku (or `category-<slug>`), drawn here: the catalog's image host does not exist. */
export function loader({ params }: LoaderFunctionArgs) {
  const name = (params['file'] ?? '').replace(/\.svg$/i, '');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) return new Response('Not found', { status: 404 });
  const key = name.toLowerCase().replace(/^category-/, '');
  const prefix = Object.keys(PALETTE).find((p) => key.startsWith(p));
  const h = hash(name);
  const [fg, bg] = prefix ? PALETTE[prefix] : [`hsl(${h % 360} 60% 35%)`, `hsl(${h % 360} 70% 92%)`];
  const label = escape(name.startsWith('category-') ? name.slice(9, 11).toUpperCase() : name.slice(-4));
  const r = 30 + (h % 25);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" role="img"><rect width="200" height="200" rx="16" fill="${bg}"/><circle cx="${60 + (h % 80)}" cy="${60 + ((h >> 8) % 60)}" r="${r}" fill="${fg}" opacity=".25"/><rect x="40" y="${110 + ((h >> 4) % 20)}" width="120" height="40" rx="8" fill="${fg}" opacity=".35"/><text x="100" y="108" font-family="sans-serif" font-size="36" font-weight="700" text-anchor="middle" fill="${fg}">${label}</text></svg>`;
  return new Response(svg, {
    headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'public, max-age=86400' },
  });
}
