import { register } from 'prom-client';
import { DeliveryChannel } from '../channels/delivery-channel';
import { DuplicateEvent, NotificationRepository } from '../repositories/notification.repository';
import { FeedLogRepository } from '../repositories/feed-log.repository';
import { aDraft, aRecord } from '../test-factories';
import { NotificationDispatcher } from './notification-dispatcher.service';

const setup = (existing?: ReturnType<typeof aRecord>) => {
  const repository = {
    findByEventId: jest.fn().mockResolvedValue(existing),
    insert: jest.fn(async (doc) => aRecord({ ...doc })),
    setDelivery: jest.fn(),
  };
  const feedLog = { claim: jest.fn().mockResolvedValue({ seq: 7 }) };
  const stream: DeliveryChannel = {
    name: 'stream',
    recorded: false,
    deliver: jest.fn().mockResolvedValue('queued'),
  };
  const email: DeliveryChannel = {
    name: 'email',
    recorded: true,
    deliver: jest.fn().mockResolvedValue('sent'),
  };
  const dispatcher = new NotificationDispatcher(
    repository as unknown as NotificationRepository,
    feedLog as unknown as FeedLogRepository,
    [stream, email],
  );
  return { dispatcher, repository, feedLog, stream, email };
};

describe(NotificationDispatcher.name, () => {
  it('stores a new notification with the next stream number, then runs every channel', async () => {
    const { dispatcher, repository, feedLog, stream } = setup();
    const { created, notification } = await dispatcher.dispatch(aDraft());
    expect(created).toBe(true);
    expect(notification.seq).toBe(7);
    expect(feedLog.claim).toHaveBeenCalledWith('e-1');
    expect(stream.deliver).toHaveBeenCalledTimes(1);
    expect(repository.setDelivery).toHaveBeenCalledWith(notification.id, 'email', 'sent');
  });

  it('does not store or deliver again an event it already has', async () => {
    const { dispatcher, repository, feedLog, stream, email } = setup(
      aRecord({ deliveries: { email: 'sent' } }),
    );
    const { created } = await dispatcher.dispatch(aDraft());
    expect(created).toBe(false);
    expect(repository.insert).not.toHaveBeenCalled();
    expect(feedLog.claim).not.toHaveBeenCalled();
    expect(stream.deliver).not.toHaveBeenCalled();
    expect(email.deliver).not.toHaveBeenCalled();
  });

  it('counts a stock alert once, when it is stored, by type; other notifications not', async () => {
    const alerts = async (type: string) =>
      (await register.getSingleMetric('stock_alerts_total')?.get())?.values.find(
        (v) => v.labels['type'] === type,
      )?.value ?? 0;
    const before = await alerts('out_of_stock');
    const lowBefore = await alerts('low_stock');
    await setup().dispatcher.dispatch(aDraft({ type: 'inventory.out-of-stock' }));
    await setup().dispatcher.dispatch(aDraft());
    // a redelivery finds it stored: not a second alert
    await setup(aRecord({ type: 'inventory.out-of-stock' })).dispatcher.dispatch(
      aDraft({ type: 'inventory.out-of-stock' }),
    );
    expect(await alerts('out_of_stock')).toBe(before + 1);
    expect(await alerts('low_stock')).toBe(lowBefore);
  });

  it('retries a recorded channel that failed last time', async () => {
    const { dispatcher, email } = setup(aRecord({ deliveries: { email: 'failed' } }));
    await dispatcher.dispatch(aDraft());
    expect(email.deliver).toHaveBeenCalledTimes(1);
  });

  it('keeps the copy another instance stored first', async () => {
    const { dispatcher, repository } = setup();
    const theirs = aRecord({ seq: 3 });
    repository.findByEventId.mockResolvedValueOnce(undefined).mockResolvedValueOnce(theirs);
    repository.insert.mockRejectedValueOnce(new DuplicateEvent('e-1'));
    await expect(dispatcher.dispatch(aDraft())).resolves.toEqual({
      notification: theirs,
      created: false,
    });
  });

  it('claims another stream number when the one it got is already used', async () => {
    const { dispatcher, repository, feedLog } = setup();
    feedLog.claim.mockResolvedValueOnce({ seq: 3 }).mockResolvedValueOnce({ seq: 4 });
    repository.insert.mockRejectedValueOnce(new DuplicateEvent('e-1'));
    const { created, notification } = await dispatcher.dispatch(aDraft());
    expect(created).toBe(true);
    expect(notification.seq).toBe(4);
  });

  it('lets a storage failure through so the consumer retries', async () => {
    const { dispatcher, repository } = setup();
    repository.insert.mockRejectedValueOnce(new Error('connection reset'));
    await expect(dispatcher.dispatch(aDraft())).rejects.toThrow('connection reset');
  });
});
