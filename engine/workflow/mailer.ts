// Outgoing e-mail through SMTP with nodemailer. Configured by RAPPORT_SMTP_URL
// (smtp://user:pass@host:port) and RAPPORT_MAIL_FROM, or by the engine's options in tests.
import nodemailer, { type Transporter } from 'nodemailer';
import { Invalid } from '../errors.ts';

export interface MailOptions {
  url?: string;
  from?: string;
}

export interface Message {
  to: string | string[];
  subject: string;
  text: string;
  cc?: string[];
  /** Stable id so a message re-sent after a crash can be recognised as the same one. */
  messageId?: string;
}

export class Mailer {
  private transport: Transporter | undefined;

  constructor(private readonly options: MailOptions = {}) {}

  get configured(): boolean {
    return Boolean(this.options.url ?? process.env.RAPPORT_SMTP_URL);
  }

  async send(message: Message): Promise<{ messageId: string }> {
    const url = this.options.url ?? process.env.RAPPORT_SMTP_URL;
    if (!url)
      throw new Invalid(
        'mail_not_configured',
        'E-mail is not set up: set RAPPORT_SMTP_URL (smtp://user:pass@host:port).',
      );
    this.transport ??= nodemailer.createTransport(url);
    const info = await this.transport.sendMail({
      from: this.options.from ?? process.env.RAPPORT_MAIL_FROM ?? 'Rapport <rapport@localhost>',
      to: message.to,
      ...(message.cc?.length ? { cc: message.cc } : {}),
      subject: message.subject,
      text: message.text,
      ...(message.messageId ? { messageId: message.messageId } : {}),
    });
    return { messageId: String(info.messageId) };
  }

  close(): void {
    this.transport?.close();
  }
}
