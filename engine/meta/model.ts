// The in-memory model of an app's metadata, resolved for fast use: fields by name and id,
// SQL names, link storage. Built from the stored documents after every metadata change.

import type { Cipher } from '../crypto/cipher.ts';
import type { FieldType } from '../fields/types.ts';
import type { AppDoc, FieldDoc, TableDoc, ViewDoc } from '../schema/index.ts';
import type { RoleDoc } from '../schema/role.ts';
import type { WorkflowDoc } from '../schema/workflow.ts';

export interface AppModel {
  doc: AppDoc;
  tables: TableModel[];
  tablesByName: Map<string, TableModel>;
  workflows: WorkflowDoc[];
  roles: RoleDoc[];
  /** Encrypts and decrypts the values of fields marked encrypted. */
  cipher: Cipher;
  /** Role names per user id. */
  members: Map<string, string[]>;
}

export interface TableModel {
  doc: TableDoc;
  app: AppModel;
  position: number;
  /** SQL name of the table holding the records. */
  sql: string;
  /** SQL name of the FTS5 index over the table's searchable text. */
  fts: string;
  fields: FieldModel[];
  byName: Map<string, FieldModel>;
  byId: Map<string, FieldModel>;
  views: ViewDoc[];
  primary: FieldModel | undefined;
  owner: FieldModel | undefined;
}

export interface FieldModel {
  doc: FieldDoc;
  type: FieldType;
  table: TableModel;
  /** Name of the SQL column holding the value in `table` (unquoted), or null for links stored elsewhere. */
  column: string | null;
  /** Set for link fields: where the relation lives. */
  link?: LinkModel;
  /** Names of same-table fields a formula reads. */
  reads?: string[];
  /**
   * Set on copies made for one reader (engine/access/mask.ts): the SQL that reads the value for
   * them instead of the stored column, e.g. a lookup that may only see some linked rows.
   */
  expression?: (alias: string) => string;
  /**
   * Set on link copies made for one reader: SQL true when the linked record whose id is
   * `idSql` is one they may read. Links to other records are left out of the value they see.
   */
  visibleLinks?: (idSql: string) => string;
}

/**
 * A link and its inverse share one storage: a column on the "one" side's owner, or a junction
 * table when both sides are many. `column` storage on `self` means this table holds the other
 * record's id; on `other`, the other table holds ours.
 */
export type LinkStorage =
  | { kind: 'column'; on: 'self' | 'other'; table: string; column: string }
  | { kind: 'junction'; table: string; selfColumn: 'a' | 'b'; otherColumn: 'a' | 'b' };

export interface LinkModel {
  target: TableModel;
  many: boolean;
  inverse: FieldModel | undefined;
  storage: LinkStorage;
}

export const systemColumns = {
  id: 'id',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  createdBy: 'created_by',
  updatedBy: 'updated_by',
  position: 'position',
} as const;
