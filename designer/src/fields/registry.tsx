// The designer's field registry: for each engine field type, how its values look, how they
// are edited, filtered and summed. Checked against the engine's type names, so a new type
// without an entry here fails to compile.
import type { ComponentType } from 'react';
import type { AggregateFn, FieldDoc, FieldTypeName } from '../api/types.ts';
import type { IconName } from '../ui/icons.tsx';
import {
  AttachmentCell,
  type CellProps,
  CheckboxCell,
  ComputedCell,
  EmailCell,
  LinkCell,
  LongTextCell,
  NumberCell,
  RatingCell,
  SelectCell,
  TextCell,
  UrlCell,
  UserCell,
} from './cells.tsx';
import {
  AttachmentEditor,
  CheckboxEditor,
  DateEditor,
  DateTimeEditor,
  type EditorProps,
  LinkEditor,
  LongTextEditor,
  MultiSelectEditor,
  NumberEditor,
  RatingEditor,
  SelectEditor,
  TextEditor,
  UserEditor,
} from './editors.tsx';
import { type OperatorName, operatorsByType } from './operators.ts';
import { type ValueKind, valueKinds } from './values.ts';

export type FieldGroup = 'text' | 'number' | 'date' | 'choice' | 'relation' | 'computed' | 'system';

/**
 * How the grid edits a cell: `text` types into an input parsed on commit; `popover` opens the
 * field's editor under the cell; `toggle` flips on Space/Enter/click; `none` is read-only.
 */
export type GridEdit = 'text' | 'popover' | 'toggle' | 'none';

export interface FieldEditor {
  icon: IconName;
  group: FieldGroup;
  value: ValueKind;
  operators: readonly OperatorName[];
  Cell: ComponentType<CellProps>;
  /** null: the engine computes the value; nobody edits it. */
  Editor: ComponentType<EditorProps> | null;
  gridEdit: GridEdit;
  align?: 'end';
  aggregates: readonly AggregateFn[];
  width: number;
  /** Can be placed on a public form (needs no signed-in lookups). */
  publicForm: boolean;
}

const counts: AggregateFn[] = ['count_empty', 'count_filled'];
const numeric: AggregateFn[] = ['sum', 'avg', 'min', 'max', ...counts];
const dates: AggregateFn[] = ['min', 'max', ...counts];

function entry(type: FieldTypeName, rest: Omit<FieldEditor, 'value' | 'operators'>): FieldEditor {
  return { value: valueKinds[type], operators: operatorsByType[type], ...rest };
}

const text = (type: FieldTypeName, icon: IconName, Cell: ComponentType<CellProps> = TextCell): FieldEditor =>
  entry(type, {
    icon,
    group: 'text',
    Cell,
    Editor: TextEditor,
    gridEdit: 'text',
    aggregates: counts,
    width: 200,
    publicForm: true,
  });
const number = (type: FieldTypeName, icon: IconName): FieldEditor =>
  entry(type, {
    icon,
    group: 'number',
    Cell: NumberCell,
    Editor: NumberEditor,
    gridEdit: 'text',
    align: 'end',
    aggregates: numeric,
    width: 140,
    publicForm: true,
  });
const system = (
  type: FieldTypeName,
  icon: IconName,
  Cell: ComponentType<CellProps>,
  aggregates: AggregateFn[],
): FieldEditor =>
  entry(type, {
    icon,
    group: 'system',
    Cell,
    Editor: null,
    gridEdit: 'none',
    aggregates,
    width: 170,
    publicForm: false,
  });

export const fieldEditors = {
  text: text('text', 'type'),
  long_text: entry('long_text', {
    icon: 'text',
    group: 'text',
    Cell: LongTextCell,
    Editor: LongTextEditor,
    gridEdit: 'popover',
    aggregates: counts,
    width: 260,
    publicForm: true,
  }),
  email: text('email', 'mail', EmailCell),
  phone: text('phone', 'phone'),
  url: text('url', 'link', UrlCell),
  number: number('number', 'hash'),
  currency: number('currency', 'money'),
  percent: number('percent', 'percent'),
  rating: entry('rating', {
    icon: 'star',
    group: 'number',
    Cell: RatingCell,
    Editor: RatingEditor,
    gridEdit: 'text',
    aggregates: numeric,
    width: 130,
    publicForm: true,
  }),
  date: entry('date', {
    icon: 'calendar',
    group: 'date',
    Cell: TextCell,
    Editor: DateEditor,
    gridEdit: 'text',
    aggregates: dates,
    width: 140,
    publicForm: true,
  }),
  datetime: entry('datetime', {
    icon: 'clock',
    group: 'date',
    Cell: TextCell,
    Editor: DateTimeEditor,
    gridEdit: 'text',
    aggregates: dates,
    width: 180,
    publicForm: true,
  }),
  checkbox: entry('checkbox', {
    icon: 'checkbox',
    group: 'choice',
    Cell: CheckboxCell,
    Editor: CheckboxEditor,
    gridEdit: 'toggle',
    aggregates: ['count_filled'],
    width: 100,
    publicForm: true,
  }),
  single_select: entry('single_select', {
    icon: 'chevronDown',
    group: 'choice',
    Cell: SelectCell,
    Editor: SelectEditor,
    gridEdit: 'popover',
    aggregates: counts,
    width: 160,
    publicForm: true,
  }),
  multi_select: entry('multi_select', {
    icon: 'tag',
    group: 'choice',
    Cell: SelectCell,
    Editor: MultiSelectEditor,
    gridEdit: 'popover',
    aggregates: counts,
    width: 220,
    publicForm: true,
  }),
  user: entry('user', {
    icon: 'user',
    group: 'relation',
    Cell: UserCell,
    Editor: UserEditor,
    gridEdit: 'popover',
    aggregates: counts,
    width: 170,
    publicForm: false,
  }),
  link: entry('link', {
    icon: 'link',
    group: 'relation',
    Cell: LinkCell,
    Editor: LinkEditor,
    gridEdit: 'popover',
    aggregates: counts,
    width: 220,
    publicForm: false,
  }),
  lookup: entry('lookup', {
    icon: 'lookup',
    group: 'computed',
    Cell: ComputedCell,
    Editor: null,
    gridEdit: 'none',
    aggregates: counts,
    width: 200,
    publicForm: false,
  }),
  rollup: entry('rollup', {
    icon: 'sigma',
    group: 'computed',
    Cell: ComputedCell,
    Editor: null,
    gridEdit: 'none',
    align: 'end',
    aggregates: numeric,
    width: 150,
    publicForm: false,
  }),
  formula: entry('formula', {
    icon: 'function',
    group: 'computed',
    Cell: ComputedCell,
    Editor: null,
    gridEdit: 'none',
    aggregates: counts,
    width: 170,
    publicForm: false,
  }),
  autonumber: entry('autonumber', {
    icon: 'hash',
    group: 'system',
    Cell: TextCell,
    Editor: null,
    gridEdit: 'none',
    aggregates: counts,
    width: 110,
    publicForm: false,
  }),
  attachment: entry('attachment', {
    icon: 'paperclip',
    group: 'relation',
    Cell: AttachmentCell,
    Editor: AttachmentEditor,
    gridEdit: 'popover',
    aggregates: counts,
    width: 200,
    publicForm: false,
  }),
  created_at: system('created_at', 'clock', TextCell, dates),
  updated_at: system('updated_at', 'clock', TextCell, dates),
  created_by: system('created_by', 'user', UserCell, counts),
  updated_by: system('updated_by', 'user', UserCell, counts),
} satisfies Record<FieldTypeName, FieldEditor>;

export function editorOf(field: Pick<FieldDoc, 'type'>): FieldEditor {
  return fieldEditors[field.type];
}

export function isEditable(field: Pick<FieldDoc, 'type'>): boolean {
  return fieldEditors[field.type].Editor !== null;
}

export const fieldTypeOrder: FieldTypeName[] = Object.keys(fieldEditors) as FieldTypeName[];
