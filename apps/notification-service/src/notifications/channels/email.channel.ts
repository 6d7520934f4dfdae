import type { Logger } from 'pino';
import type { Transporter } from 'nodemailer';
import { ADMIN_AUDIENCE, DeliveryStatus, NotificationRecord } from '../notification.model';
import { DeliveryChannel } from './delivery-channel';

export interface EmailSettings {
  from: string;
  adminTo?: string;
}

export interface AddressLookup {
  emailOf(sub: string): Promise<string | undefined>;
}

/** Only wired when SMTP_URL is set. `sent` means the SMTP server accepted the message. */
export class EmailChannel implements DeliveryChannel {
  readonly name = 'email';
  readonly recorded = true;

  constructor(
    private readonly transport: Pick<Transporter, 'sendMail'>,
    private readonly directory: AddressLookup,
    private readonly settings: EmailSettings,
    private readonly logger: Logger,
  ) {}

  async deliver(n: NotificationRecord): Promise<DeliveryStatus> {
    let to: string | undefined;
    try {
      to = await this.addressOf(n.audience);
      if (!to) return 'skipped';
      const info = await this.transport.sendMail({
        from: this.settings.from,
        to,
        subject: n.title,
        text: n.body,
      });
      const accepted = (info as { accepted?: unknown[] }).accepted ?? [];
      return accepted.length > 0 ? 'sent' : 'failed';
    } catch (error) {
      this.logger.warn({ err: String(error), notification: n.id }, 'email not sent');
      return 'failed';
    }
  }

  private async addressOf(audience: string): Promise<string | undefined> {
    if (audience === ADMIN_AUDIENCE) return this.settings.adminTo;
    if (audience.startsWith('user:')) return this.directory.emailOf(audience.slice('user:'.length));
    return undefined;
  }
}
