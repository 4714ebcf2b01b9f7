// Uploaded files: bytes under <data>/attachments/<id>, metadata in the attachments table.
// Records refer to files by id; the attachment field type validates that the id exists.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Invalid, NotFound, TooLarge } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Store } from '../store/database.ts';

export interface Attachment {
  id: string;
  name: string;
  size: number;
  type: string;
}

export const maxAttachmentBytes = 50 * 1024 * 1024;

export class AttachmentService {
  private readonly dir: string;

  constructor(
    private readonly store: Store,
    dataDir: string,
    private readonly now: () => number,
  ) {
    this.dir = join(dataDir, 'attachments');
  }

  async upload(actorId: string | null, name: string, type: string, bytes: Uint8Array): Promise<Attachment> {
    // Control characters and path separators never reach the stored name.
    const cleanName = [...name]
      .map((ch) => (ch.charCodeAt(0) < 32 || ch === '/' || ch === '\\' ? '_' : ch))
      .join('')
      .trim()
      .slice(0, 255);
    if (!cleanName)
      throw new Invalid('invalid_name', 'The file needs a name.', [
        { field: 'name', message: 'is required' },
      ]);
    if (bytes.length > maxAttachmentBytes)
      throw new TooLarge('file_too_large', `Files may be at most ${maxAttachmentBytes / 1024 / 1024} MB.`);
    const id = newId('att');
    mkdirSync(this.dir, { recursive: true });
    // Written to a temporary name first, so a crash never leaves a half file under a real id.
    const partial = join(this.dir, `${id}.partial`);
    writeFileSync(partial, bytes);
    renameSync(partial, join(this.dir, id));
    const attachment = {
      id,
      name: cleanName,
      size: bytes.length,
      type: type.slice(0, 100) || 'application/octet-stream',
    };
    await this.store.write(() => {
      this.store
        .prepare(
          'INSERT INTO attachments (id, name, size, type, sha256, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          id,
          attachment.name,
          attachment.size,
          attachment.type,
          createHash('sha256').update(bytes).digest('hex'),
          this.now(),
          actorId,
        );
    });
    return attachment;
  }

  get(id: string): Attachment {
    const row = this.store.prepare('SELECT id, name, size, type FROM attachments WHERE id = ?').get(id) as
      | Attachment
      | undefined;
    if (!row) throw new NotFound('attachment_not_found', `There is no file '${id}'.`);
    return row;
  }

  read(id: string): { attachment: Attachment; bytes: Buffer } {
    const attachment = this.get(id);
    return { attachment, bytes: readFileSync(join(this.dir, attachment.id)) };
  }
}
