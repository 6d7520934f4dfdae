import { createCloudEvent } from '@mstore/contracts';
import type { KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { AppConfig } from '../../config';
import { NotificationDispatcher } from '../../notifications/services/notification-dispatcher.service';
import { aRecord } from '../../notifications/test-factories';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { EventProcessor } from './event-processor.service';
import { Interrupted } from './retry';

const config = {
  CONSUMER_MAX_ATTEMPTS: 3,
  CONSUMER_RETRY_BASE_MS: 1,
  CONSUMER_RETRY_MAX_MS: 2,
} as AppConfig;
const logger = { warn: jest.fn() } as unknown as Logger;

const message = (value: string | null, offset = '5'): KafkaMessage =>
  ({
    key: Buffer.from('k'),
    value: value === null ? null : Buffer.from(value),
    offset,
    headers: {},
  }) as KafkaMessage;

const placed = () =>
  JSON.stringify(
    createCloudEvent({
      source: 'order-service',
      type: 'order.placed',
      subject: 'o-1',
      data: {
        orderId: 'o-1',
        orderNumber: 'MS-1',
        customerId: 'alice',
        status: 'CONFIRMED',
        lines: [],
        total: 100,
        currency: 'USD',
      },
    }),
  );

const setup = () => {
  const dispatcher = {
    dispatch: jest.fn().mockResolvedValue({ notification: aRecord(), created: true }),
  };
  const deadLetters = { publish: jest.fn().mockResolvedValue(undefined) };
  const processor = new EventProcessor(
    dispatcher as unknown as NotificationDispatcher,
    deadLetters as unknown as DeadLetterPublisher,
    config,
    logger,
  );
  return { processor, dispatcher, deadLetters };
};

describe(EventProcessor.name, () => {
  it('stores a valid order event', async () => {
    const { processor, dispatcher } = setup();
    await expect(
      processor.process({ topic: 'order-events', partition: 0, message: message(placed()) }),
    ).resolves.toBe('stored');
    expect(dispatcher.dispatch).toHaveBeenCalledWith(
      expect.objectContaining({ audience: 'user:alice' }),
    );
  });

  it('reports a redelivered event as a duplicate', async () => {
    const { processor, dispatcher } = setup();
    dispatcher.dispatch.mockResolvedValue({ notification: aRecord(), created: false });
    await expect(
      processor.process({ topic: 'order-events', partition: 0, message: message(placed()) }),
    ).resolves.toBe('duplicate');
  });

  it.each([
    ['not JSON', '{oops'],
    ['an empty value', null],
    ['an event on the wrong topic', placed()],
  ])('parks %s on the DLQ without retrying', async (_, value) => {
    const { processor, dispatcher, deadLetters } = setup();
    const topic =
      value === placed() || (value && value.startsWith('{"spec'))
        ? 'inventory-events'
        : 'order-events';
    await expect(processor.process({ topic, partition: 2, message: message(value) })).resolves.toBe(
      'dead-lettered',
    );
    expect(dispatcher.dispatch).not.toHaveBeenCalled();
    expect(deadLetters.publish).toHaveBeenCalledWith(
      expect.objectContaining({ topic, partition: 2, reason: 'invalid', attempts: 1 }),
    );
  });

  it('acknowledges product events without a notification', async () => {
    const { processor, dispatcher } = setup();
    const value = JSON.stringify(
      createCloudEvent({
        source: 'product-service',
        type: 'product.created',
        subject: 'p-1',
        data: {
          id: 'p-1',
          sku: 'S',
          name: 'n',
          category: 'c',
          price: 1,
          currency: 'USD',
          version: 1,
        },
      }),
    );
    await expect(
      processor.process({ topic: 'product-events', partition: 0, message: message(value) }),
    ).resolves.toBe('ignored');
    expect(dispatcher.dispatch).not.toHaveBeenCalled();
  });

  it('retries a transient failure and then succeeds', async () => {
    const { processor, dispatcher, deadLetters } = setup();
    dispatcher.dispatch.mockRejectedValueOnce(new Error('mongo blip'));
    const heartbeat = jest.fn().mockResolvedValue(undefined);
    await expect(
      processor.process({
        topic: 'order-events',
        partition: 0,
        message: message(placed()),
        heartbeat,
      }),
    ).resolves.toBe('stored');
    expect(heartbeat).toHaveBeenCalledTimes(1);
    expect(deadLetters.publish).not.toHaveBeenCalled();
  });

  it('parks the message after the last attempt fails', async () => {
    const { processor, dispatcher, deadLetters } = setup();
    dispatcher.dispatch.mockRejectedValue(new Error('mongo down'));
    await expect(
      processor.process({ topic: 'order-events', partition: 0, message: message(placed()) }),
    ).resolves.toBe('dead-lettered');
    expect(dispatcher.dispatch).toHaveBeenCalledTimes(3);
    expect(deadLetters.publish).toHaveBeenCalledWith(
      expect.objectContaining({ reason: 'failed', attempts: 3, error: 'Error: mongo down' }),
    );
  });

  it('leaves the message uncommitted when stopping instead of parking it', async () => {
    const { processor, dispatcher, deadLetters } = setup();
    dispatcher.dispatch.mockRejectedValue(new Error('mongo down'));
    const delivery = {
      topic: 'order-events',
      partition: 0,
      message: message(placed()),
      stopping: () => true,
    };
    await expect(processor.process(delivery)).rejects.toBeInstanceOf(Interrupted);
    expect(deadLetters.publish).not.toHaveBeenCalled();
  });

  it('fails (so the offset stays uncommitted) when even the DLQ is unreachable', async () => {
    const { processor, deadLetters } = setup();
    deadLetters.publish.mockRejectedValue(new Error('broker down'));
    await expect(
      processor.process({ topic: 'order-events', partition: 0, message: message('{oops') }),
    ).rejects.toThrow('broker down');
  });
});
