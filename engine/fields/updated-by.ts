// Who last changed the record.
import { actorField } from './system-kind.ts';

export const updatedBy = actorField('updated_by', 'updated_by');
