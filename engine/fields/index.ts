// The field type registry: one module per type. The union of type names comes from the
// metadata schema, so a missing or misnamed entry fails to compile.
import type { FieldTypeName } from '../schema/index.ts';
import { attachment } from './attachment.ts';
import { autonumber } from './autonumber.ts';
import { checkbox } from './checkbox.ts';
import { createdAt } from './created-at.ts';
import { createdBy } from './created-by.ts';
import { currency } from './currency.ts';
import { date } from './date.ts';
import { datetime } from './datetime.ts';
import { email } from './email.ts';
import { formula } from './formula.ts';
import { link } from './link.ts';
import { longText } from './long-text.ts';
import { lookup } from './lookup.ts';
import { multiSelect } from './multi-select.ts';
import { number } from './number.ts';
import { percent } from './percent.ts';
import { phone } from './phone.ts';
import { rating } from './rating.ts';
import { rollup } from './rollup.ts';
import { singleSelect } from './single-select.ts';
import { text } from './text.ts';
import type { FieldType } from './types.ts';
import { updatedAt } from './updated-at.ts';
import { updatedBy } from './updated-by.ts';
import { url } from './url.ts';
import { user } from './user.ts';

export const fieldTypes = {
  text,
  long_text: longText,
  number,
  currency,
  percent,
  date,
  datetime,
  checkbox,
  single_select: singleSelect,
  multi_select: multiSelect,
  email,
  phone,
  url,
  user,
  link,
  lookup,
  rollup,
  formula,
  autonumber,
  rating,
  attachment,
  created_at: createdAt,
  updated_at: updatedAt,
  created_by: createdBy,
  updated_by: updatedBy,
} satisfies Record<FieldTypeName, FieldType>;

export function fieldType(name: FieldTypeName): FieldType {
  return fieldTypes[name];
}

export { isListValued, resolveType } from './resolve.ts';
export type {
  AttachmentMeta,
  DbValue,
  FieldType,
  FilterContext,
  Operator,
  OperatorSet,
  ParseContext,
} from './types.ts';
