import { Link } from 'react-router';

export default function AdminIndex() {
  return (
    <section aria-labelledby="admin-heading">
      <h1 id="admin-heading">Admin console</h1>
      <ul>
        <li>
          <Link to="/admin/products">Products</Link>: create, edit and delete catalog entries.
        </li>
        <li>
          <Link to="/admin/stock">Stock</Link>: set or adjust stock, with the movements of each product.
        </li>
        <li>
          <Link to="/admin/orders">Orders</Link>: every customer’s orders; ship, deliver or cancel them.
        </li>
      </ul>
    </section>
  );
}
