// CSV import: streams the file, maps the header to fields by API name or label (any
// language), converts each cell with its field type, and writes in batches, all in one
// transaction. All-or-nothing imports keep no row if one fails; skip-invalid imports keep the
// good rows and report the rest.
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import {
  type Actor,
  type BulkLoad,
  type Detail,
  type Engine,
  type FieldModel,
  Invalid,
  labelTexts,
  Malformed,
  RapportError,
} from '../../engine/index.ts';
import { unguardCell } from './formula-guard.ts';

export type ImportMode = 'all_or_nothing' | 'skip_invalid';

export interface ImportOptions {
  mode?: ImportMode;
  onProgress?: (rowsRead: number) => void;
}

export interface RowFailure {
  /** Line in the file (the header is row 1). */
  row: number;
  errors: Detail[];
}

export interface ImportReport {
  imported: number;
  failedCount: number;
  failed: RowFailure[];
  columns: { column: string; field: string | null }[];
  mode: ImportMode;
}

const batchSize = 1000;
const maxReported = 1000;
const ignoredColumns = new Set(['id', 'createdat', 'updatedat', 'created_at', 'updated_at']);

function mapHeader(fields: FieldModel[], header: string[]) {
  return header.map((column) => {
    const key = column
      .trim()
      .replace(/^\uFEFF/, '')
      .toLowerCase();
    const field = fields.find(
      (f) =>
        f.doc.name.toLowerCase() === key ||
        f.doc.id === key ||
        labelTexts(f.doc.label).some((l) => l.trim().toLowerCase() === key),
    );
    return { column, field: ignoredColumns.has(key) ? undefined : field };
  });
}

export async function importCsv(
  engine: Engine,
  actor: Actor,
  appRef: string,
  tableRef: string,
  input: Readable | ReadableStream<Uint8Array> | string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const mode = options.mode ?? 'all_or_nothing';
  const table = engine.metadata.registry.table(appRef, tableRef);
  const source =
    typeof input === 'string'
      ? Readable.from([input])
      : input instanceof Readable
        ? input
        : Readable.fromWeb(input as never);
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: false });
  // pipe() does not pass errors on: a failed upload (too large, cut off) must end the parse too.
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  const report: ImportReport = { imported: 0, failedCount: 0, failed: [], columns: [], mode };
  let mapping: ReturnType<typeof mapHeader> | undefined;
  let rowNumber = 1;
  let batch: { row: number; fields: Record<string, unknown> }[] = [];

  const fail = (row: number, errors: Detail[]) => {
    report.failedCount++;
    if (report.failed.length < maxReported) report.failed.push({ row, errors });
  };

  let load: BulkLoad | undefined;
  const flush = async () => {
    let pending = batch;
    batch = [];
    while (pending.length) {
      try {
        await engine.records.createMany(
          actor,
          table.app.doc.id,
          table.doc.id,
          pending.map((p) => ({ fields: p.fields })),
          { maxRecords: batchSize },
        );
        report.imported += pending.length;
        load?.wrote(pending.length);
        return;
      } catch (error) {
        if (!(error instanceof RapportError) || error.kind !== 'invalid') throw error;
        // Set the offending rows aside and write the rest.
        const bad = new Map<number, Detail[]>();
        for (const detail of error.details) {
          const index = pending.length === 1 ? 0 : detail.index;
          if (index === undefined) throw error;
          bad.set(index, [...(bad.get(index) ?? []), { ...detail, index: pending[index]!.row }]);
        }
        for (const [index, errors] of bad) fail(pending[index]!.row, errors);
        pending = pending.filter((_, index) => !bad.has(index));
      }
    }
  };

  const rows = async function* () {
    try {
      yield* parser as AsyncIterable<string[]>;
    } catch (error) {
      if (error instanceof CsvError)
        throw new Malformed('invalid_csv', `The file is not readable as CSV: ${error.message}`, [
          { message: error.message, ...(typeof error.lines === 'number' ? { index: error.lines } : {}) },
        ]);
      throw error;
    }
  };

  const run = async () => {
    for await (const cells of rows()) {
      if (!mapping) {
        mapping = mapHeader(table.fields, cells);
        report.columns = mapping.map((m) => ({ column: m.column, field: m.field?.doc.name ?? null }));
        if (!mapping.some((m) => m.field && !m.field.type.readOnly))
          throw new Invalid(
            'no_columns',
            `None of the columns (${cells.slice(0, 10).join(', ')}) match a field of '${table.doc.name}' by name or label.`,
          );
        continue;
      }
      rowNumber++;
      const fields: Record<string, unknown> = {};
      const errors: Detail[] = [];
      mapping.forEach(({ field }, i) => {
        if (!field || field.type.readOnly) return;
        const text = unguardCell(cells[i] ?? '');
        try {
          fields[field.doc.name] = field.type.fromText(text, field);
        } catch (error) {
          if (!(error instanceof RapportError)) throw error;
          errors.push(...error.details.map((d) => ({ ...d, index: rowNumber })));
        }
      });
      if (errors.length) fail(rowNumber, errors);
      else batch.push({ row: rowNumber, fields });
      if (batch.length >= batchSize) await flush();
      if (rowNumber % 1000 === 0) options.onProgress?.(rowNumber - 1);
    }
    await flush();
    // Rows refused while writing a batch are found after rows refused while reading: report in file order.
    report.failed.sort((a, b) => a.row - b.row);
    options.onProgress?.(rowNumber - 1);
    if (!mapping) throw new Invalid('empty_file', 'The file is empty: expected a header row and records.');
  };

  // One transaction either way, so a file that breaks off (unreadable CSV, a cut connection)
  // leaves nothing behind. All or nothing also rolls back when any row failed, after every
  // row was checked; skip-invalid keeps the rows that passed.
  try {
    await engine.store.write(async () => {
      load = engine.records.startLoad(table.app.doc.id, table.doc.id);
      await run();
      load.finish();
      if (mode === 'all_or_nothing' && report.failedCount > 0) throw new RollbackImport();
    });
  } catch (error) {
    if (!(error instanceof RollbackImport)) throw error;
    report.imported = 0;
  }
  return report;
}

class RollbackImport extends Error {}
