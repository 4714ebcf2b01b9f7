// File uploads for attachment fields: the raw body is the file (?name=…, Content-Type), and
// downloads are served with the stored type and a safe disposition.
import { Hono } from 'hono';
import { maxAttachmentBytes } from '../../engine/attachments/service.ts';
import { Invalid, TooLarge } from '../../engine/index.ts';
import { type Env, engineOf, readBytes } from '../context.ts';

const inline = /^(image\/(png|jpeg|gif|webp)|application\/pdf|text\/plain)$/;

export const attachmentRoutes = new Hono<Env>()
  .post('/', async (c) => {
    const name = c.req.query('name');
    if (!name)
      throw new Invalid('invalid_name', 'Give the file name as ?name=…', [
        { field: 'name', message: 'is required' },
      ]);
    if (Number(c.req.header('content-length') ?? 0) > maxAttachmentBytes)
      throw new TooLarge('file_too_large', `Files may be at most ${maxAttachmentBytes / 1024 / 1024} MB.`);
    const bytes = new Uint8Array(await readBytes(c, maxAttachmentBytes));
    const attachment = await engineOf(c).attachments.upload(
      c.get('principal').user.id,
      name,
      c.req.header('content-type') ?? '',
      bytes,
    );
    return c.json(attachment, 201);
  })
  .get('/:id', (c) => {
    const { attachment, bytes } = engineOf(c).attachments.read(c.req.param('id'));
    const type = inline.test(attachment.type) ? attachment.type : 'application/octet-stream';
    const disposition = inline.test(attachment.type) ? 'inline' : 'attachment';
    c.header('Content-Type', type);
    c.header(
      'Content-Disposition',
      `${disposition}; filename*=UTF-8''${encodeURIComponent(attachment.name)}`,
    );
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(
      new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) as Uint8Array<ArrayBuffer>,
    );
  });
