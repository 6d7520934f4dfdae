/** Eureka application names (DESIGN §3). */
export const ServiceName = {
  Gateway: 'API-GATEWAY',
  Product: 'PRODUCT-SERVICE',
  Order: 'ORDER-SERVICE',
  Inventory: 'INVENTORY-SERVICE',
  Notification: 'NOTIFICATION-SERVICE',
} as const;
export type ServiceName = (typeof ServiceName)[keyof typeof ServiceName];
