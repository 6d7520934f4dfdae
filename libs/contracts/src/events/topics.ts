export const Topic = {
  Product: 'product-events',
  Inventory: 'inventory-events',
  Order: 'order-events',
} as const;
export type Topic = (typeof Topic)[keyof typeof Topic];

export const ALL_TOPICS: readonly Topic[] = [Topic.Product, Topic.Inventory, Topic.Order];
export const dlqTopic = (topic: Topic): string => `${topic}.dlq`;
