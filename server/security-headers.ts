// Security headers for every response: Content-Security-Policy, HSTS, nosniff, frame and
// referrer rules. Hono's secureHeaders decides what they are; it runs once, at start, and the
// result is set on each Node response directly. Run per request as middleware, it set a dozen
// headers through the web Headers API and made the adapter turn them back into Node's: about a
// tenth of the time a GET of one record took.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

const policy = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", "'unsafe-inline'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'", 'data:'],
    frameAncestors: ["'none'"],
  },
  crossOriginEmbedderPolicy: false,
});

/** The headers the policy sets, read off one response it was applied to. */
export async function securityHeaders(): Promise<[string, string][]> {
  const probe = new Hono().use('*', policy).get('/', (c) => c.body(null, 204));
  const response = await probe.request('/');
  return [...response.headers.entries()];
}

/** Sets the headers on every response before `listener` handles the request. */
export function withSecurityHeaders(
  headers: readonly [string, string][],
  listener: RequestListener,
): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    for (const [name, value] of headers) response.setHeader(name, value);
    listener(request, response);
  };
}
