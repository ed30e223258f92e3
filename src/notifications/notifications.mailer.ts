import nodemailer from 'nodemailer';
import type { Config } from '../../config/env.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends through SMTP_URL; null when SMTP is not configured (messages then stay in the outbox). */
export function createSmtpMailer(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'>) {
  if (!config.SMTP_URL) return null;
  const transport = nodemailer.createTransport(config.SMTP_URL);
  return {
    /** Sends one message; resolves with the SMTP message id, rejects on any SMTP failure. */
    async send(mail: OutgoingMail): Promise<string> {
      const info = await transport.sendMail({ from: config.MAIL_FROM, ...mail });
      return String(info.messageId ?? '');
    },
    close: () => transport.close(),
  };
}
export type SmtpMailer = NonNullable<ReturnType<typeof createSmtpMailer>>;
