// Calls an outgoing webhook: JSON body, HMAC-SHA256 signature, a delivery id receivers can
// use to ignore repeats, a delivery log row per attempt, and retries with backoff.
import { createHmac } from 'node:crypto';
import { RetryableError } from '../retry.ts';
import type { ActionModule } from '../types.ts';
import { settingError } from './shared.ts';

const timeoutMs = 10_000;

async function resolveBody(context: Parameters<ActionModule['run']>[0], body: unknown): Promise<unknown> {
  if (body === undefined)
    return {
      workflow: context.workflow.name,
      record: context.record,
      table: context.table?.doc.name ?? null,
      at: new Date(context.now).toISOString(),
    };
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && !('expr' in body)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) out[key] = await resolveBody(context, value);
    return out;
  }
  if (typeof body === 'string') return context.text(body);
  return context.value(body);
}

export const webhook: ActionModule = {
  type: 'webhook',
  transactional: false,
  settings: {
    type: 'object',
    required: ['url'],
    properties: {
      url: { type: 'string', pattern: '^https?://' },
      method: { enum: ['POST', 'PUT', 'PATCH'] },
      headers: { type: 'object', additionalProperties: { type: 'string' } },
      body: {},
      secret: { type: 'string', minLength: 8 },
    },
  },
  check: (action, _app, _table, where) => {
    try {
      const url = new URL(String(action.url));
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    } catch {
      throw settingError(`${where}.url`, 'must be an http(s) address');
    }
  },
  run: async (context, action) => {
    const body = JSON.stringify(await resolveBody(context, action.body));
    const delivery = `${context.run.id}-${context.path}`;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Rapport-Webhook/1',
      'x-rapport-delivery': delivery,
      ...((action.headers as Record<string, string> | undefined) ?? {}),
    };
    if (typeof action.secret === 'string')
      headers['x-rapport-signature'] =
        `sha256=${createHmac('sha256', action.secret).update(body).digest('hex')}`;
    const url = String(action.url);
    if (context.dryRun)
      return { output: { wouldCall: url, method: action.method ?? 'POST', body: JSON.parse(body) } };
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(url, {
        method: String(action.method ?? 'POST'),
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (failure) {
      error = (failure as Error).message;
    }
    await context.engine.store.write(() => {
      context.engine.store
        .prepare(
          'INSERT INTO webhook_deliveries (run_id, path, url, attempt, status_code, error, duration_ms, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          context.run.id,
          context.path,
          url,
          context.run.attempts + 1,
          status,
          error,
          Date.now() - started,
          context.now,
        );
    });
    if (error !== null) throw new RetryableError(`webhook ${url}: ${error}`);
    if (status !== null && (status >= 500 || status === 429 || status === 408))
      throw new RetryableError(`webhook ${url} answered ${status}`);
    if (status !== null && status >= 400)
      throw settingError('webhook', `${url} refused the call with status ${status}`);
    return { output: { url, status, delivery } };
  },
};
