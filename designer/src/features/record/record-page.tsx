import type { App } from '../../api/types.ts';

export default function RecordPage(_props: { app: App; tableName: string; id: string }) {
  return null;
}
