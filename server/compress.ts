// Gzip for API answers and the designer's files. It replaces hono/compress, which pipes every
// body through a web CompressionStream and sets Vary through c.header(): that turns the node
// adapter's ready-made string body into a stream, so even an uncompressed 500-byte record went
// out through the slow path. Here headers are set on the response in place, a body is read only
// when the client accepts gzip, small bodies go out as they are, and the rest is gzipped whole
// with a known Content-Length. Never for event streams, which must flush as they go.
import { gzip, gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';

export interface CompressOptions {
  /** Content types worth compressing. */
  contentTypes: RegExp;
  /** Smaller bodies are sent as they are: the gzip header and the work outweigh the saving. */
  threshold?: number;
}

// API answers at level 1, as nginx's default: for JSON it compresses nearly as well as level 6
// in a fraction of the time, and an answer is made once, not cached. The designer's files are
// cached by browsers for a year, so they get zlib's default, which makes them smaller.
const levelFor = (type: string) => (type.startsWith('application/json') ? 1 : 6);
// Up to this size gzip takes about a millisecond at most: done in place, quicker than a
// trip through libuv's thread pool. Larger bodies are compressed there, off the event loop.
const inlineLimit = 64 * 1024;
const noTransform = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

/** Whether the Accept-Encoding header allows gzip (explicitly, or by `*`, with q > 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const part of header.split(',')) {
    const [name = '', ...parameters] = part.trim().toLowerCase().split(';');
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const allowed = q === undefined || Number(q.slice(2)) > 0;
    if (name === 'gzip' || name === 'x-gzip') return allowed;
    if (name === '*') wildcard = allowed;
  }
  return wildcard;
}

function compressBytes(
  body: Uint8Array<ArrayBuffer>,
  level: number,
): Promise<Uint8Array<ArrayBuffer>> | Uint8Array<ArrayBuffer> {
  if (body.byteLength <= inlineLimit) return gzipSync(body, { level });
  return new Promise((resolve, reject) =>
    gzip(body, { level }, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

/**
 * Replaces the response without Hono's merge: assigning over an existing response re-wraps its
 * body as a stream and copies the old headers back over the new (a stale Content-Length among
 * them). `headers` here already hold everything the old response had.
 */
function replace(c: Context, body: Uint8Array<ArrayBuffer>, status: number, headers: Headers) {
  c.res = undefined;
  c.res = new Response(body, { status, headers });
}

export function compressResponses(options: CompressOptions): MiddlewareHandler {
  const threshold = options.threshold ?? 1024;
  return async (c, next) => {
    await next();
    const res = c.res;
    const headers = res.headers;
    const type = headers.get('content-type');
    if (
      !type ||
      !options.contentTypes.test(type) ||
      c.req.method === 'HEAD' ||
      res.status === 204 ||
      res.status === 206 ||
      res.status === 304 ||
      headers.has('content-encoding') ||
      noTransform.test(headers.get('cache-control') ?? '')
    )
      return;
    // The answer depends on the request's Accept-Encoding, whether or not this one is compressed.
    const vary = headers.get('vary');
    if (!vary) headers.set('vary', 'Accept-Encoding');
    else if (vary !== '*' && !/(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary))
      headers.set('vary', `${vary}, Accept-Encoding`);
    if (!acceptsGzip(c.req.header('accept-encoding'))) return;
    const length = headers.get('content-length');
    if (length !== null && Number(length) < threshold) return;
    const body = new Uint8Array(await res.arrayBuffer());
    const out = new Headers(headers);
    if (body.byteLength < threshold) {
      out.set('content-length', String(body.byteLength));
      replace(c, body, res.status, out);
      return;
    }
    const compressed = await compressBytes(body, levelFor(type));
    out.set('content-encoding', 'gzip');
    out.set('content-length', String(compressed.byteLength));
    out.delete('transfer-encoding');
    const etag = out.get('etag');
    if (etag && !etag.startsWith('W/')) out.set('etag', `W/${etag}`);
    replace(c, compressed, res.status, out);
  };
}
