// Engine errors → HTTP status and the contract's error body, in one place. Anything that is
// not a RapportError is a bug: logged in full, answered with a bare 500.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorKind, RapportError, RateLimited } from '../engine/index.ts';

const statusOf: Record<ErrorKind, ContentfulStatusCode> = {
  malformed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  invalid: 422,
  rate_limited: 429,
};

export function errorResponse(error: unknown, c: Context): Response {
  if (error instanceof RapportError) {
    if (error instanceof RateLimited) c.header('Retry-After', String(error.retryAfterSeconds));
    // The rest of a refused body may still be on its way: close the connection rather than
    // leave the client to send its next request after it.
    if (error.kind === 'too_large') c.header('Connection', 'close');
    return c.json(
      { error: { code: error.code, message: error.message, details: error.details } },
      statusOf[error.kind],
    );
  }
  console.error('Unexpected error on', c.req.method, c.req.path, error);
  return c.json(
    { error: { code: 'internal_error', message: 'Something went wrong on our side.', details: [] } },
    500,
  );
}
