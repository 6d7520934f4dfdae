import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { LeaseDocument, MongoLeases } from '@mstore/mongo';
import { LOCK_MODEL } from './lock.schema';

/** The catalog's leases (product writes, the outbox relay) in `product_locks`. */
@Injectable()
export class LockRepository extends MongoLeases implements OnModuleInit {
  constructor(@InjectModel(LOCK_MODEL) locks: Model<LeaseDocument>) {
    super(locks);
  }

  async onModuleInit(): Promise<void> {
    await this.init();
  }
}
