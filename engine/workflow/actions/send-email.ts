// Sends an e-mail to a contact (an address from the record, or any address) from a template
// with {{ placeholders }}. The message id is stable per run and step, so a resend after a
// crash is recognisable as the same message.
import { Invalid } from '../../errors.ts';
import { RetryableError } from '../retry.ts';
import type { ActionModule } from '../types.ts';

const address = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const sendEmail: ActionModule = {
  type: 'send_email',
  transactional: false,
  settings: {
    type: 'object',
    required: ['to', 'subject', 'body'],
    properties: { to: {}, cc: {}, subject: { type: 'string' }, body: { type: 'string' } },
  },
  run: async (context, action) => {
    const resolved = await context.value(action.to);
    const to = (Array.isArray(resolved) ? resolved : [resolved]).filter(
      (a): a is string => typeof a === 'string' && a !== '',
    );
    const bad = to.find((a) => !address.test(a));
    if (to.length === 0 || bad)
      throw new Invalid(
        'invalid_recipient',
        `send_email: ${bad ? `'${bad}' is not an e-mail address` : 'there is no address to send to'}`,
      );
    const subject = await context.text(action.subject);
    const text = await context.text(action.body);
    if (context.dryRun) return { output: { wouldSend: { to, subject, text } } };
    try {
      const { messageId } = await context.mailer.send({
        to,
        subject,
        text,
        messageId: `<run-${context.run.id}-${context.path}@rapport>`,
      });
      return { output: { to, subject, messageId } };
    } catch (error) {
      if (error instanceof Invalid) throw error;
      throw new RetryableError(
        `send_email: the mail server refused or could not be reached: ${(error as Error).message}`,
      );
    }
  },
};
