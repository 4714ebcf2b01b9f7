// When the record last changed.
import { timestampField } from './system-kind.ts';

export const updatedAt = timestampField('updated_at', 'updated_at');
