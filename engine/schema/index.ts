// Compiled validators for every metadata document, built once at module load.
import {
  type AppDoc,
  type AppInput,
  type AppPatch,
  appInputSchema,
  appPatchSchema,
  appSchema,
} from './app.ts';
import {
  type FieldDoc,
  type FieldInput,
  type FieldPatch,
  fieldInputSchema,
  fieldPatchSchema,
  fieldSchema,
} from './field.ts';
import './filter.ts'; // registers the filter schema that views reference by $id
import {
  type TableDoc,
  type TableInput,
  type TablePatch,
  tableInputSchema,
  tablePatchSchema,
  tableSchema,
} from './table.ts';
import { type Checker, compile } from './validator.ts';
import {
  type ViewDoc,
  type ViewInput,
  type ViewPatch,
  viewInputSchema,
  viewPatchSchema,
  viewSchema,
} from './view.ts';

export const validators: {
  app: Checker<AppDoc>;
  appInput: Checker<AppInput>;
  appPatch: Checker<AppPatch>;
  table: Checker<TableDoc>;
  tableInput: Checker<TableInput>;
  tablePatch: Checker<TablePatch>;
  field: Checker<FieldDoc>;
  fieldInput: Checker<FieldInput>;
  fieldPatch: Checker<FieldPatch>;
  view: Checker<ViewDoc>;
  viewInput: Checker<ViewInput>;
  viewPatch: Checker<ViewPatch>;
} = {
  app: compile<AppDoc>(appSchema),
  appInput: compile<AppInput>(appInputSchema),
  appPatch: compile<AppPatch>(appPatchSchema),
  table: compile<TableDoc>(tableSchema),
  tableInput: compile<TableInput>(tableInputSchema),
  tablePatch: compile<TablePatch>(tablePatchSchema),
  field: compile<FieldDoc>(fieldSchema),
  fieldInput: compile<FieldInput>(fieldInputSchema),
  fieldPatch: compile<FieldPatch>(fieldPatchSchema),
  view: compile<ViewDoc>(viewSchema),
  viewInput: compile<ViewInput>(viewInputSchema),
  viewPatch: compile<ViewPatch>(viewPatchSchema),
};

export { apiNameSchema, humanize, type Label, labelSchema, labelText, labelTexts } from './common.ts';
export { type FieldTypeName, fieldTypeNames } from './field.ts';
export { type Condition, type Filter, filterSchema, isFilter, sortSchema } from './filter.ts';
export { ajv, type Checker, compile, toDetails } from './validator.ts';
export type {
  AppDoc,
  AppInput,
  AppPatch,
  FieldDoc,
  FieldInput,
  FieldPatch,
  TableDoc,
  TableInput,
  TablePatch,
  ViewDoc,
  ViewInput,
  ViewPatch,
};
export { appSchema, fieldSchema, tableSchema, viewSchema };
