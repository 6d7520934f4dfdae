import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { COUNTER_MODEL, CounterDoc } from './notification.schema';

/** Fleet-wide increasing numbers from one atomic counter document. */
@Injectable()
export class SequenceRepository {
  constructor(@InjectModel(COUNTER_MODEL) private readonly counters: Model<CounterDoc>) {}

  async next(name: string): Promise<number> {
    const doc = await this.counters
      .findOneAndUpdate({ _id: name }, { $inc: { value: 1 } }, { upsert: true, new: true })
      .lean()
      .exec();
    if (!doc) throw new Error(`counter ${name} was not returned`);
    return doc.value;
  }
}
