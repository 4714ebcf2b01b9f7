// Public forms: anyone with the link may read the form and submit it, without signing in.
// Spam resistance: a per-address rate limit and a honeypot field people never see.
import { Hono } from 'hono';
import { Invalid } from '../../engine/index.ts';
import { RateLimiter } from '../auth/rate-limit.ts';
import { type Env, engineOf, readJson } from '../context.ts';
import { clientIp } from './auth.ts';

/** The hidden field the public form page renders off-screen; bots fill it in, people don't. */
export const honeypotField = 'website_url';

export function publicFormRoutes() {
  const submissions = new RateLimiter(20, 10 * 60_000);
  return new Hono<Env>()
    .get('/:publicId', (c) => c.json(engineOf(c).forms.describe(c.req.param('publicId'))))
    .post('/:publicId', async (c) => {
      const ip = clientIp(c);
      submissions.check(`${ip}:${c.req.param('publicId')}`, 'submissions from your address');
      const body = (await readJson(c)) as Record<string, unknown> | null;
      if (!body || typeof body !== 'object') throw new Invalid('invalid_body', 'Send {"fields": {...}}.');
      submissions.record(`${ip}:${c.req.param('publicId')}`);
      const { [honeypotField]: trap, ...rest } = body;
      // A filled honeypot gets the same answer as a real submission, so bots learn nothing.
      if (typeof trap === 'string' && trap.trim() !== '') return c.json({ id: null, received: true }, 201);
      const record = await engineOf(c).forms.submit(c.req.param('publicId'), rest);
      return c.json({ id: record.id, received: true }, 201);
    });
}
