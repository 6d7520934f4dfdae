export interface Product {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  price: number;
  currency: string;
  imageUrl?: string;
  version?: number;
  createdAt?: string;
  updatedAt?: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface Facets {
  categories: { slug: string; name?: string; count: number }[];
  price: { min: number | null; max: number | null } | null;
}

export interface Category {
  slug: string;
  name: string;
  count: number;
}

export interface StockLevel {
  sku: string;
  available: number;
  inStock: boolean;
  known?: boolean;
}

export interface OrderLine {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';

export interface Order {
  id: string;
  orderNumber?: string | number;
  customerId: string;
  status: OrderStatus;
  lines: OrderLine[];
  total: number;
  currency: string;
  createdAt: string;
  updatedAt: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
  shortages?: { sku: string; requested?: number; available?: number }[];
  unknownSkus?: string[];
  [key: string]: unknown;
}

export interface Notification {
  id: string;
  cursor: number;
  type: string;
  title: string;
  body: string;
  subject: string;
  audience: 'user' | 'admins';
  data: Record<string, unknown>;
  read: boolean;
  occurredAt: string;
}
