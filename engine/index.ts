// The engine's public surface — the only thing server/ imports. It knows nothing of HTTP.
import { join } from 'node:path';
import { AccessService } from './access/service.ts';
import { AttachmentService } from './attachments/service.ts';
import { AuditService } from './audit/service.ts';
import { CommentsService } from './comments/service.ts';
import { Outbox } from './events/outbox.ts';
import { FormsService } from './forms/service.ts';
import { MetadataService } from './meta/service.ts';
import { PeopleService } from './people/service.ts';
import { RecordsQuery } from './records/query.ts';
import { RecordsService } from './records/service.ts';
import { Store } from './store/database.ts';
import type { MailOptions } from './workflow/mailer.ts';
import { WorkflowService } from './workflow/service.ts';

export interface EngineOptions {
  /** Directory holding rapport.db and uploaded files. */
  dataDir: string;
  /** Milliseconds since the epoch; tests pass a controllable clock. */
  clock?: () => number;
  /** SMTP settings for workflow e-mail (else RAPPORT_SMTP_URL). */
  mail?: MailOptions;
  /** Log frames past which writes pause for the log to restart (see engine/store/checkpoints.ts). */
  walDrainFrames?: number;
}

export class Engine {
  readonly store: Store;
  readonly metadata: MetadataService;
  readonly records: RecordsService;
  readonly query: RecordsQuery;
  readonly people: PeopleService;
  readonly outbox: Outbox;
  readonly forms: FormsService;
  readonly attachments: AttachmentService;
  readonly workflows: WorkflowService;
  readonly access: AccessService;
  readonly audit: AuditService;
  readonly comments: CommentsService;
  readonly dataDir: string;
  readonly now: () => number;

  constructor(options: EngineOptions) {
    this.dataDir = options.dataDir;
    this.now = options.clock ?? Date.now;
    this.store = new Store(
      join(options.dataDir, 'rapport.db'),
      options.walDrainFrames ? { walDrainFrames: options.walDrainFrames } : {},
    );
    this.outbox = new Outbox(this.store);
    this.metadata = new MetadataService(this.store, this.now);
    this.records = new RecordsService(this.store, this.metadata.registry, this.now);
    this.query = new RecordsQuery(this.store, this.metadata.registry, this.now);
    this.people = new PeopleService(this.store, this.now);
    this.forms = new FormsService(this.store, this.metadata.registry, this.records);
    this.attachments = new AttachmentService(this.store, options.dataDir, this.now);
    this.access = new AccessService(this);
    this.audit = new AuditService(this);
    this.comments = new CommentsService(this);
    this.workflows = new WorkflowService(this, options.mail ? { mail: options.mail } : {});
    this.store.onCommit(() => this.outbox.notify());
  }

  close(): void {
    this.store.close();
  }
}

export function openEngine(options: EngineOptions): Engine {
  return new Engine(options);
}

export type { Actor } from './access/actor.ts';
export { systemActor } from './access/actor.ts';
export * from './errors.ts';
export type { OutboxEvent } from './events/outbox.ts';
export { fieldTypes } from './fields/index.ts';
export { resolveType } from './fields/resolve.ts';
export { newId } from './ids.ts';
export type { AppModel, FieldModel, TableModel } from './meta/model.ts';
export type { Team, User } from './people/service.ts';
export { toUser } from './people/service.ts';
export type { BulkLoad } from './records/bulk-load.ts';
export type { AggregateQuery, Group, ListQuery, Page } from './records/query.ts';
export type { ApiRecord } from './records/reader.ts';
export { type Checker, compile, type Label, labelText, labelTexts, validators } from './schema/index.ts';
export { ensureFixedTable, fixedTableDdl } from './store/fixed-ddl.ts';
export * from './templates/index.ts';
