// Who created the record.
import { actorField } from './system-kind.ts';

export const createdBy = actorField('created_by', 'created_by');
