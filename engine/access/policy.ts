// The one point where access is decided. Every read and write of records asks this module
// for the rows and fields an actor may touch; the answer is a SQL condition and field sets.
// Until roles land (issue 7) every signed-in user acts as admin, but callers already ask.
import { Forbidden } from '../errors.ts';
import type { TableModel } from '../meta/model.ts';
import type { Sql } from '../query/sql.ts';
import type { Actor } from './actor.ts';

export type Operation = 'read' | 'create' | 'update' | 'delete';

export interface Access {
  /** Rows the actor may see or change, as a condition on the row aliased `r`; null for all rows. */
  rows: Sql | null;
  /** Field names the actor may neither read nor write. */
  hidden: ReadonlySet<string>;
  /** Field names the actor may read but not write. */
  readOnly: ReadonlySet<string>;
}

const everything: Access = { rows: null, hidden: new Set(), readOnly: new Set() };

export function accessFor(actor: Actor, _table: TableModel, _operation: Operation): Access {
  if (actor.isAdmin || actor.userId !== null) return everything;
  throw new Forbidden('forbidden', 'You are not allowed to do that.');
}
