import { index, route, type RouteConfig } from '@react-router/dev/routes';

export default [
  index('routes/home.tsx'),
  route('products', 'routes/products.tsx'),
  route('products/:id', 'routes/product.tsx'),
  route('cart', 'routes/cart.tsx'),
  route('checkout', 'routes/checkout.tsx'),
  route('orders', 'routes/orders.tsx'),
  route('orders/:id', 'routes/order.tsx'),
  route('notifications', 'routes/notifications.tsx'),
  route('auth/callback', 'routes/auth-callback.tsx'),
  route('auth/token', 'routes/auth-token.ts'),
  route('images/products/:file', 'routes/image.ts'),
  route('admin', 'routes/admin.tsx', [
    index('routes/admin-index.tsx'),
    route('products', 'routes/admin-products.tsx'),
    route('stock', 'routes/admin-stock.tsx'),
    route('orders', 'routes/admin-orders.tsx'),
  ]),
] satisfies RouteConfig;
