import { Module } from '@nestjs/common';
import { ServiceName } from '@mstore/contracts';
import { PlatformModule } from '@mstore/platform';
import { configSchema } from './config';
import { INVENTORY_MIGRATIONS } from './database/migrations';
import { InventoryModule } from './inventory/inventory.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      name: ServiceName.Inventory,
      config: configSchema,
      // no entities: the repositories write SQL against database/inventory-tables.ts
      mysql: { name: 'inventory', entities: [], migrations: INVENTORY_MIGRATIONS },
      outbox: { pollMs: (config) => config.OUTBOX_POLL_MS },
    }),
    InventoryModule,
  ],
})
export class AppModule {}
