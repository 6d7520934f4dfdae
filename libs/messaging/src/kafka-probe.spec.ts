import type { Kafka } from 'kafkajs';
import { kafkaProbe } from './kafka';

function fakeKafka(describe: () => Promise<unknown>) {
  const admin = {
    connect: jest.fn(async () => undefined),
    describeCluster: jest.fn(describe),
    disconnect: jest.fn(async () => undefined),
  };
  return { kafka: { admin: () => admin } as unknown as Kafka, admin };
}

describe('kafkaProbe', () => {
  it('connects once, answers from a short cache, and closes its admin connection', async () => {
    const { kafka, admin } = fakeKafka(async () => ({ brokers: [] }));
    const probe = kafkaProbe(kafka, 60_000);
    expect(await probe.isUp()).toBe(true);
    expect(await probe.isUp()).toBe(true);
    expect(admin.connect).toHaveBeenCalledTimes(1);
    expect(admin.describeCluster).toHaveBeenCalledTimes(1);
    await probe.close();
    expect(admin.disconnect).toHaveBeenCalledTimes(1);
    await probe.close();
    expect(admin.disconnect).toHaveBeenCalledTimes(1);
  });

  it('reports a broker that does not answer as down and holds no connection to close', async () => {
    const { kafka, admin } = fakeKafka(async () => {
      throw new Error('no broker');
    });
    const probe = kafkaProbe(kafka, 0);
    expect(await probe.isUp()).toBe(false);
    expect(admin.disconnect).toHaveBeenCalledTimes(1);
    await probe.close();
    expect(admin.disconnect).toHaveBeenCalledTimes(1);
  });
});
