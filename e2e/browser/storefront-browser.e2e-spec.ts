import AxeBuilder from '@axe-core/playwright';
import { freePort, userToken, waitFor } from '@mstore/testing';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { Fleet } from '../support/fleet';

/**
 * The storefront in a real Chromium (Debian's, no download): a guest browses, searches and fills a
 * cart, signs in on Keycloak's own page, checks out, sees the live notification, cancels; the admin
 * console refuses a customer and lets the admin change a price the shop then shows.
 */
const ROOT = join(__dirname, '..', '..');
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

jest.setTimeout(300_000);

describe('storefront in a browser', () => {
  let fleet: Fleet;
  let storefront: ChildProcess | undefined;
  let origin: string;
  let browser: Browser;
  let output = '';
  const contexts: BrowserContext[] = [];

  const api = async <T>(path: string, token?: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(fleet.url + path, {
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json', ...init.headers },
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const stockOf = async (sku: string) =>
    (await api<{ available: number }[]>(`/api/inventory?sku=${encodeURIComponent(sku)}`))[0].available;

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    return page;
  };

  /** Through Keycloak's own login form: no password grant from the app. */
  const signIn = async (page: Page, user: string) => {
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/localhost:8180\/realms\/mstore\//);
    await page.locator('#username').fill(user);
    await page.locator('#password').fill(user);
    await page.locator('#kc-login').click();
    await page.waitForURL((url) => url.origin === origin && !url.pathname.startsWith('/auth/'));
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  };

  const axe = async (page: Page, label: string) => {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    console.log(`axe ${label}: ${result.violations.length} violations, ${bad.length} serious or critical`);
    expect({ page: label, violations: summary }).toEqual({ page: label, violations: [] });
  };

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    execFileSync('npx', ['nx', 'run', 'storefront:build', '--output-style=static'], {
      cwd: ROOT,
      stdio: 'ignore',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const port = await freePort();
    origin = `http://localhost:${port}`;
    fleet = await Fleet.start({
      label: 'browser',
      // the storefront's server (on loopback) forwards each shopper's address
      env: { 'api-gateway': { CORS_ORIGINS: origin, TRUSTED_PROXIES: 'loopback' } },
    });
    storefront = spawn(process.execPath, [join(ROOT, 'apps/storefront/server.mjs'), join(ROOT, 'dist/apps/storefront/server/index.js')], {
      cwd: join(ROOT, 'apps/storefront'),
      // as behind an ingress on this machine: X-Forwarded-For names a shopper (see the flood test)
      env: { ...process.env, PORT: String(port), GATEWAY_URL: fleet.url, NODE_ENV: 'production', TRUSTED_PROXIES: 'loopback' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    storefront.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    storefront.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    await waitFor(async () => (await fetch(`${origin}/`)).ok, { timeoutMs: 60_000, label: 'storefront up' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    storefront?.kill('SIGTERM');
    await fleet?.stop();
    if (process.env['STOREFRONT_LOG']) console.log(output);
  });

  let shopper: Page;
  let chess: { id: string; sku: string; name: string; price: number };
  let orderId: string;
  let stockBefore: Record<string, number>;

  it('a guest browses the home page, filters and searches the catalog', async () => {
    shopper = await newPage();
    await shopper.goto(`${origin}/`);
    await expectTitle(shopper, /MStore/);
    await shopper.getByRole('heading', { name: 'Shop by category' }).waitFor();
    expect(await shopper.getByRole('link', { name: /Electronics/ }).count()).toBeGreaterThan(0);
    await axe(shopper, 'home');
    await shot(shopper, 'home');

    await shopper.getByRole('link', { name: /Electronics/ }).first().click();
    await shopper.waitForURL(/\/products\?category=electronics/);
    await shopper.getByRole('heading', { level: 1, name: 'Electronics' }).waitFor();

    await shopper.goto(`${origin}/products`);
    await shopper.getByLabel('Category').selectOption('toys-games');
    await shopper.getByLabel('Max price ($)').fill('50');
    await shopper.getByLabel('Sort by').selectOption('price');
    await shopper.getByRole('button', { name: 'Apply' }).click();
    await shopper.waitForURL(/category=toys-games/);
    expect(shopper.url()).toMatch(/max=50/);
    expect(shopper.url()).toMatch(/sort=price/);
    const prices = await shopper.locator('.card .price').allTextContents();
    expect(prices.length).toBeGreaterThan(0);
    const values = prices.map((p) => Number(p.replace(/[^0-9.]/g, '')));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(Math.max(...values)).toBeLessThanOrEqual(50);

    await shopper.getByRole('searchbox', { name: 'Search' }).fill('chess');
    await shopper.getByLabel('Category').selectOption('');
    await shopper.getByLabel('Max price ($)').fill('');
    await shopper.getByRole('button', { name: 'Apply' }).click();
    await shopper.waitForURL(/q=chess/);
    await shopper.getByRole('link', { name: 'Chess Set' }).waitFor();
    await axe(shopper, 'catalog');
  });

  it('shows a server-rendered product page with live stock, and adds it to the guest cart', async () => {
    await shopper.getByRole('link', { name: 'Chess Set' }).click();
    await shopper.waitForURL(/\/products\/[a-f0-9]+$/);
    const id = shopper.url().split('/').pop() ?? '';
    chess = await api(`/api/products/${id}`);
    // server-rendered: title and meta description are in the HTML itself
    const html = await (await fetch(`${origin}/products/${id}`)).text();
    expect(html).toContain(`<title>${chess.name} — MStore</title>`);
    expect(html).toMatch(/<meta name="description" content="[^"]+"/);
    await shopper.getByTestId('stock').filter({ hasText: /In stock|left/ }).waitFor();
    await shopper.getByRole('button', { name: 'Add to cart' }).click();
    await shopper.getByRole('link', { name: /Cart \(1\)/ }).waitFor();
    await axe(shopper, 'product');
    await shot(shopper, 'product');
  });

  it('signs in through Keycloak, keeps the guest cart, adds a second product and checks out once', async () => {
    await shopper.getByRole('link', { name: /Cart/ }).click();
    await shopper.getByRole('cell', { name: 'Chess Set', exact: true }).waitFor();
    await axe(shopper, 'cart');
    const merges: string[] = [];
    shopper.on('request', (r) => {
      if (r.url().endsWith('/api/cart/merge') && r.method() === 'POST') merges.push(r.postData() ?? '');
    });
    await signIn(shopper, 'alice');
    await shopper.getByRole('link', { name: /Cart \(1\)/ }).waitFor();

    const other = (await api<{ items: { id: string; sku: string; name: string }[] }>('/api/products?category=books&pageSize=1')).items[0];
    await shopper.goto(`${origin}/products/${other.id}`);
    await shopper.getByTestId('stock').filter({ hasText: /In stock|left/ }).waitFor();
    await shopper.getByRole('button', { name: 'Add to cart' }).click();
    await shopper.getByRole('link', { name: /Cart \(2\)/ }).waitFor();
    stockBefore = { [chess.sku]: await stockOf(chess.sku), [other.sku]: await stockOf(other.sku) };

    await shopper.getByRole('link', { name: /Cart/ }).click();
    await shopper.getByRole('cell', { name: other.name, exact: true }).waitFor();
    await shot(shopper, 'cart');
    await shopper.getByRole('button', { name: 'Checkout' }).click();
    await shopper.waitForURL(/\/checkout$/);
    await shopper.getByRole('button', { name: 'Place order' }).waitFor();
    await axe(shopper, 'checkout');
    // a double click is still one order: the button and the Idempotency-Key both hold
    await shopper.getByRole('button', { name: 'Place order' }).dblclick();
    await shopper.waitForURL(/\/orders\/[^/?]+\?placed=1/);
    orderId = new URL(shopper.url()).pathname.split('/').pop() ?? '';
    await shopper.getByText('Thank you! Your order was placed.').waitFor();
    await shopper.getByText(/Confirmed/).first().waitFor();

    const alice = await userToken('alice');
    const orders = await api<{ total: number; items: { id: string }[] }>('/api/orders', alice);
    expect(orders.items.map((o) => o.id)).toEqual([orderId]);
    expect(merges).toHaveLength(1);
    expect(await stockOf(chess.sku)).toBe(stockBefore[chess.sku] - 1);
    await shopper.getByRole('link', { name: /Cart \(0\)/ }).waitFor();
  });

  it('shows the live notification of the order', async () => {
    await shopper.getByTestId('order-updates').waitFor({ timeout: 60_000 });
    await shopper.locator('.toast').waitFor();
    await shot(shopper, 'order-with-notification');
  });

  it('cancels the order and the stock shown comes back', async () => {
    await shopper.getByRole('button', { name: 'Cancel order' }).click();
    await shopper.getByText('Your order is cancelled.', { exact: false }).waitFor();
    await shopper.getByText(/Cancelled/).first().waitFor();
    await waitFor(async () => (await stockOf(chess.sku)) === stockBefore[chess.sku], { label: 'stock released' });
    await shopper.goto(`${origin}/products/${chess.id}`);
    await shopper.getByTestId('stock').filter({ hasText: `In stock: ${stockBefore[chess.sku]}` }).waitFor();
  });

  it('refuses the admin console to a customer', async () => {
    await shopper.goto(`${origin}/admin`);
    await shopper.getByRole('heading', { name: 'Access denied' }).waitFor();
    await shopper.getByText(/for administrators only/).waitFor();
    expect(await shopper.getByRole('link', { name: 'Admin' }).count()).toBe(0);
  });

  it('lets the admin change a price that the storefront then shows', async () => {
    const admin = await newPage();
    await admin.goto(`${origin}/admin/products`);
    await signIn(admin, 'admin');
    await admin.getByRole('heading', { name: 'Products', level: 1 }).waitFor();
    await admin.getByRole('row', { name: new RegExp(chess.sku) }).waitFor();
    await axe(admin, 'admin products');
    const price = chess.price + 111;
    await admin.getByRole('button', { name: `Edit ${chess.sku}` }).click();
    const form = admin.getByRole('form', { name: `Edit ${chess.sku}` });
    await form.getByLabel('Price ($)').fill((price / 100).toFixed(2));
    await form.getByRole('button', { name: 'Save changes' }).click();
    await admin.getByText(/^Saved Chess Set/).waitFor();
    expect((await api<{ price: number }>(`/api/products/${chess.id}`)).price).toBe(price);
    const shown = `$${(price / 100).toFixed(2)}`;
    let seen: string | null = null;
    await waitFor(
      async () => {
        await shopper.goto(`${origin}/products/${chess.id}`);
        seen = (await shopper.getByTestId('price').textContent())?.trim() ?? null;
        return seen === shown;
      },
      { timeoutMs: 30_000, intervalMs: 1_000, label: 'new price shown' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}: wanted ${shown}, saw ${seen}`);
    });

    await admin.goto(`${origin}/admin/orders`);
    await admin.getByRole('cell', { name: /Chess Set/ }).first().waitFor();
    await axe(admin, 'admin orders');
    await shot(admin, 'admin-orders');
    await admin.goto(`${origin}/admin/stock`);
    await admin.getByRole('button', { name: `Manage ${chess.sku}` }).click();
    await admin.getByLabel('Adjust by').fill('3');
    await admin.getByLabel('Reason').fill('found in the back');
    await admin.getByRole('button', { name: 'Adjust stock' }).click();
    await admin.getByRole('cell', { name: 'found in the back' }).waitFor();
    expect(await stockOf(chess.sku)).toBe(stockBefore[chess.sku] + 3);
    await axe(admin, 'admin stock');

    // a stock alert reaches the admin console live
    const kitchen = (await api<{ items: { sku: string }[] }>('/api/products?category=home-kitchen&pageSize=1')).items[0];
    const kitchenStock = await stockOf(kitchen.sku);
    // the sku's figures arrive a second late (a slow inventory answer, as under load): what the
    // admin typed meanwhile must not be overwritten by them, nor typed into the previous sku's form
    let delivered!: () => void;
    const figuresIn = new Promise<void>((resolve) => (delivered = resolve));
    const detailUrl = new RegExp(`/api/inventory/${kitchen.sku}$`);
    await admin.route(detailUrl, async (route) => {
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await route.fulfill({ response });
      delivered();
    });
    await admin.getByRole('button', { name: `Manage ${kitchen.sku}` }).click();
    await admin.getByRole('heading', { name: kitchen.sku, level: 2 }).waitFor();
    await admin.getByLabel('Set available to').fill('0');
    await figuresIn;
    await admin.getByText(`Available ${kitchenStock}, reserved`).waitFor();
    await admin.unroute(detailUrl);
    await admin.getByRole('button', { name: 'Set stock' }).click();
    await admin.getByRole('status').filter({ hasText: `Stock of ${kitchen.sku} set to 0.` }).waitFor();
    expect(await stockOf(kitchen.sku)).toBe(0);
    await admin.getByTestId('stock-alerts').filter({ hasText: new RegExp(kitchen.sku + '|out of stock|sold out', 'i') }).waitFor({ timeout: 120_000 });
  });

  it('two shoppers race for the last unit: one order, and one clear "sold out"', async () => {
    const item = (await api<{ items: { id: string; sku: string; name: string }[] }>('/api/products?category=clothing&pageSize=1')).items[0];
    const adminToken = await userToken('admin');
    await api(`/api/inventory/${item.sku}`, adminToken, { method: 'PUT', body: JSON.stringify({ available: 1 }) });
    const bob = await newPage();
    await bob.goto(`${origin}/products/${item.id}`);
    await signIn(bob, 'bob');
    for (const page of [shopper, bob]) {
      await page.goto(`${origin}/products/${item.id}`);
      await page.getByTestId('stock').filter({ hasText: 'Only 1 left' }).waitFor();
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.getByRole('link', { name: /Cart \(1\)/ }).waitFor();
      await page.goto(`${origin}/checkout`);
      await page.getByRole('button', { name: 'Place order' }).waitFor();
    }
    await Promise.all([shopper, bob].map((page) => page.getByRole('button', { name: 'Place order' }).click()));
    const outcome = (page: Page) =>
      Promise.race([
        page.waitForURL(/\/orders\/[^/?]+\?placed=1/).then(() => 'ordered'),
        page.getByText(`${item.name} is sold out`).waitFor().then(() => 'sold out'),
      ]);
    const outcomes = await Promise.all([outcome(shopper), outcome(bob)]);
    expect(outcomes.sort()).toEqual(['ordered', 'sold out']);
    expect(await stockOf(item.sku)).toBe(0);
  });

  it('inventory down: checkout says it is busy, retries by itself and succeeds', async () => {
    const item = (await api<{ items: { id: string; sku: string }[] }>('/api/products?category=sports-outdoors&pageSize=1')).items[0];
    await shopper.goto(`${origin}/cart`);
    // the cart may still hold the line that lost the race; start clean
    await shopper.locator('table.lines').or(shopper.getByText('Your cart is empty')).first().waitFor();
    const removes = shopper.getByRole('button', { name: /^Remove/ });
    for (let n = await removes.count(); n > 0; n = await removes.count()) {
      await removes.first().click();
      await waitFor(async () => (await removes.count()) < n, { label: 'line removed' });
    }
    await shopper.getByText('Your cart is empty').waitFor();
    await shopper.goto(`${origin}/products/${item.id}`);
    await shopper.getByRole('button', { name: 'Add to cart' }).click();
    await shopper.getByRole('link', { name: /Cart \(1\)/ }).waitFor();
    await shopper.goto(`${origin}/checkout`);
    await shopper.getByRole('button', { name: 'Place order' }).waitFor();
    const inventory = fleet.inventory[0];
    await inventory.stop();
    try {
      await shopper.getByRole('button', { name: 'Place order' }).click();
      await shopper.getByText(/Checkout is busy, retrying in \d+ s/).waitFor({ timeout: 60_000 });
      await shot(shopper, 'checkout-busy');
    } finally {
      await inventory.start();
    }
    await shopper.waitForURL(/\/orders\/[^/?]+\?placed=1/, { timeout: 120_000 }).catch(async (error: Error) => {
      throw new Error(`${error.message}\npage said: ${await shopper.locator('main').innerText().catch(() => '?')}`);
    });
    const alice = await userToken('alice');
    const orders = await api<{ items: { lines: { sku: string }[] }[] }>('/api/orders?pageSize=100', alice);
    expect(orders.items.filter((o) => o.lines.some((l) => l.sku === item.sku))).toHaveLength(1);
  });

  it('an expired session sends the shopper to sign in again and keeps the cart', async () => {
    const item = (await api<{ items: { id: string }[] }>('/api/products?category=electronics&pageSize=1')).items[0];
    await shopper.goto(`${origin}/products/${item.id}`);
    const cartLink = shopper.getByRole('link', { name: /Cart \(\d+\)/ });
    const count = async () => Number((await cartLink.textContent())?.replace(/\D/g, ''));
    await shopper.locator('button:enabled', { hasText: 'Add to cart' }).waitFor();
    const before = await count();
    await shopper.getByRole('button', { name: 'Add to cart' }).click();
    await shopper.getByRole('link', { name: `Cart (${before + 1})` }).waitFor();
    // the gateway refuses the token from now on (as it does an expired one)
    await shopper.evaluate(() => {
      const held = JSON.parse(localStorage.getItem('mstore.auth') ?? '{}') as { accessToken: string };
      localStorage.setItem('mstore.auth', JSON.stringify({ ...held, accessToken: `${held.accessToken.slice(0, -4)}AAAA` }));
    });
    await shopper.goto(`${origin}/orders`);
    await shopper.getByText(/Your session has expired/).waitFor();
    // Keycloak's session is still open, so it sends the shopper straight back, signed in again
    await shopper.waitForURL(`${origin}/orders`, { timeout: 60_000 });
    await shopper.getByRole('button', { name: 'Sign out' }).waitFor();
    await shopper.getByRole('link', { name: `Cart (${before + 1})` }).waitFor();
    await shopper.getByRole('heading', { name: 'Your orders' }).waitFor();
  });

  it('a shopper flooding new searches is told in words to wait, keeps the search, and others shop on', async () => {
    // one shopper (their address as an ingress would forward it) keeps spending the catalog-miss budget
    const flooder = { 'x-forwarded-for': '203.0.113.7' };
    let flooding429 = 0;
    let sent = 0;
    let stop = false;
    const flood = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (!stop) {
          const response = await fetch(`${origin}/products?q=flood${++sent}`, { headers: flooder });
          await response.arrayBuffer();
          if (response.status === 429) flooding429++;
        }
      }),
    );
    const flooding = await newPage();
    let wait = 0;
    try {
      await waitFor(() => flooding429 > 0, { timeoutMs: 60_000, label: 'the flood refused' });

      await flooding.context().setExtraHTTPHeaders(flooder);
      // their own searches now meet the refusal the flood keeps up (a refill may let one through)
      const refusal = flooding.getByRole('alert').filter({ hasText: /Too many requests\. Please wait \d+ s and try again\./ });
      let tries = 0;
      do await flooding.goto(`${origin}/products?q=lamp${++tries}`);
      while (tries < 20 && (await refusal.count()) === 0);
      await refusal.waitFor({ timeout: 1_000 }).catch(async (error: Error) => {
        throw new Error(`${error.message}\npage said: ${await flooding.locator('main').innerText().catch(() => '?')}`);
      });
      await shot(flooding, 'catalog-too-many-requests');
      // the page keeps what they searched for, so Apply tries again
      expect(await flooding.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe(`lamp${tries}`);
      wait = Number((await refusal.textContent())?.match(/wait (\d+) s/)?.[1]);
      expect(wait).toBeGreaterThan(0);

      // meanwhile another shopper's new searches are served: the budget is per shopper, not per storefront
      const other = await newPage();
      for (const q of ['chess', 'puzzle', 'kite']) {
        await other.goto(`${origin}/products?q=${q}`);
        await other.getByRole('heading', { level: 1, name: new RegExp(q) }).waitFor();
        expect({ q, alerts: await other.getByRole('alert').allTextContents() }).toEqual({ q, alerts: [] });
      }
      await other.goto(`${origin}/products?q=chess`);
      await other.getByRole('link', { name: 'Chess Set' }).waitFor();
    } finally {
      stop = true;
      await flood;
    }
    // once the flood has stopped and the wait is over, the same search goes through
    await flooding.waitForTimeout(wait * 1000);
    await flooding.getByRole('searchbox', { name: 'Search' }).fill('chess');
    await flooding.getByRole('button', { name: 'Apply' }).click();
    await flooding.getByRole('link', { name: 'Chess Set' }).waitFor();
    expect(await flooding.getByRole('alert').count()).toBe(0);
  });
});

async function expectTitle(page: Page, pattern: RegExp) {
  expect(await page.title()).toMatch(pattern);
}
