import type { App, RecordItem, Table } from '../../api/types.ts';

/** What a dialog about one record (share, explain access) is opened with. */
export interface RecordDialogProps {
  app: App;
  table: Table;
  record: RecordItem;
  /** The record's title, for the dialog's heading. */
  title: string;
  onClose(): void;
}
