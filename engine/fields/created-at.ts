// When the record was created.
import { timestampField } from './system-kind.ts';

export const createdAt = timestampField('created_at', 'created_at');
