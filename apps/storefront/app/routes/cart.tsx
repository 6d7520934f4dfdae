import { Link, useNavigate } from 'react-router';
import { useAuth } from '../lib/auth';
import { useCart } from '../lib/cart';
import { imageOf, money } from '../lib/format';

export const meta = () => [{ title: 'Your cart — MStore' }];

export default function CartPage() {
  const cart = useCart();
  const auth = useAuth();
  const navigate = useNavigate();
  const checkout = () => {
    if (auth.user) void navigate('/checkout');
    else void auth.signIn('/checkout');
  };
  return (
    <section aria-labelledby="cart-heading">
      <h1 id="cart-heading">Your cart</h1>
      {cart.error && <p role="alert" className="error">{cart.error}</p>}
      {!cart.ready ? (
        <p role="status">Loading your cart…</p>
      ) : cart.lines.length === 0 ? (
        <p>
          Your cart is empty. <Link to="/products">Browse products</Link>
        </p>
      ) : (
        <>
          <table className="lines">
            <caption className="visually-hidden">Items in your cart</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Price</th>
                <th scope="col">Quantity</th>
                <th scope="col">Total</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {cart.lines.map((line) => (
                <tr key={line.sku}>
                  <td>
                    <img src={imageOf(line.sku)} alt="" width="40" height="40" />{' '}
                    {line.productId ? <Link to={`/products/${line.productId}`}>{line.name ?? line.sku}</Link> : (line.name ?? line.sku)}
                    {line.priceChanged && <span className="badge">Price changed</span>}
                    {line.inStock === false && <span className="badge danger">Sold out</span>}
                    {line.inStock !== false && line.available !== undefined && line.available < line.quantity && (
                      <span className="badge danger">Only {line.available} left</span>
                    )}
                  </td>
                  <td>{line.unitPrice !== undefined ? money(line.unitPrice, line.currency) : '—'}</td>
                  <td>
                    <label className="visually-hidden" htmlFor={`qty-${line.sku}`}>
                      Quantity of {line.name ?? line.sku}
                    </label>
                    <input
                      id={`qty-${line.sku}`}
                      type="number"
                      min="0"
                      max="99"
                      value={line.quantity}
                      onChange={(e) => void cart.setQuantity(line.sku, Math.max(0, Math.min(99, Number(e.target.value) || 0)))}
                    />
                  </td>
                  <td>{line.unitPrice !== undefined ? money(line.unitPrice * line.quantity, line.currency) : '—'}</td>
                  <td>
                    <button type="button" className="secondary" onClick={() => void cart.setQuantity(line.sku, 0)}>
                      Remove <span className="visually-hidden">{line.name ?? line.sku}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="total">
            Total: <strong data-testid="cart-total">{money(cart.total, cart.currency)}</strong>
          </p>
          {!auth.user && <p className="muted">You will be asked to sign in; your cart is kept.</p>}
          <button type="button" onClick={checkout}>
            Checkout
          </button>
        </>
      )}
    </section>
  );
}
