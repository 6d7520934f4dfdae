import type { Logger } from 'pino';
import { aRecord } from '../test-factories';
import { EmailChannel } from './email.channel';

const setup = (adminTo?: string, email?: string) => {
  const transport = { sendMail: jest.fn().mockResolvedValue({ accepted: ['x'] }) };
  const directory = { emailOf: jest.fn().mockResolvedValue(email) };
  const channel = new EmailChannel(
    transport as never,
    directory,
    { from: 'MStore <no-reply@mstore.local>', adminTo },
    { warn: jest.fn() } as unknown as Logger,
  );
  return { channel, transport, directory };
};

describe(EmailChannel.name, () => {
  it('mails the customer at the address the directory knows', async () => {
    const { channel, transport, directory } = setup(undefined, 'alice@mstore.local');
    await expect(channel.deliver(aRecord({ audience: 'user:alice' }))).resolves.toBe('sent');
    expect(directory.emailOf).toHaveBeenCalledWith('alice');
    expect(transport.sendMail).toHaveBeenCalledWith(
      expect.objectContaining({ to: 'alice@mstore.local' }),
    );
  });

  it('skips, sending nothing, when no address is known', async () => {
    const { channel, transport } = setup();
    await expect(channel.deliver(aRecord({ audience: 'role:admin' }))).resolves.toBe('skipped');
    await expect(channel.deliver(aRecord({ audience: 'user:alice' }))).resolves.toBe('skipped');
    expect(transport.sendMail).not.toHaveBeenCalled();
  });

  it('reports failed when the server refuses or rejects every recipient', async () => {
    const { channel, transport } = setup('ops@mstore.local');
    transport.sendMail.mockRejectedValueOnce(new Error('ECONNREFUSED'));
    await expect(channel.deliver(aRecord({ audience: 'role:admin' }))).resolves.toBe('failed');
    transport.sendMail.mockResolvedValueOnce({ accepted: [] });
    await expect(channel.deliver(aRecord({ audience: 'role:admin' }))).resolves.toBe('failed');
  });
});
