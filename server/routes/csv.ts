// CSV export (streamed, honours filter/view/sort/fields, optional Excel BOM) and import.
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { Invalid, TooLarge } from '../../engine/index.ts';
import { actor, type Env, engineOf, queryParam } from '../context.ts';
import { exportCsv } from '../csv/export.ts';
import { type ImportMode, importCsv } from '../csv/import.ts';
import { listQuery } from './records.ts';

const maxCsvBytes = 500 * 1024 * 1024;

export const csvRoutes = new Hono<Env>()
  .get('/:app/tables/:table/records.csv', (c) => {
    const engine = engineOf(c);
    const table = engine.metadata.registry.table(c.req.param('app'), c.req.param('table'));
    const { limit: _limit, cursor: _cursor, ...query } = listQuery(c);
    const header = queryParam(c, 'header') === 'labels' ? 'labels' : 'names';
    const lang = queryParam(c, 'lang') ?? 'en';
    const bom = ['1', 'true'].includes(queryParam(c, 'bom') ?? '');
    // Validate the query before the response starts, so errors get a proper status.
    engine.query.list(actor(c), c.req.param('app'), c.req.param('table'), { ...query, limit: 1 });
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${table.doc.name}.csv"`);
    return stream(c, async (out) => {
      for await (const chunk of exportCsv(engine, actor(c), c.req.param('app'), c.req.param('table'), {
        ...query,
        header,
        lang,
        bom,
      })) {
        if (out.aborted) break;
        await out.write(chunk);
      }
    });
  })
  .post('/:app/tables/:table/records.csv', async (c) => {
    const mode = (queryParam(c, 'mode') ?? 'all_or_nothing') as ImportMode;
    if (mode !== 'all_or_nothing' && mode !== 'skip_invalid')
      throw new Invalid('invalid_mode', "'mode' is all_or_nothing or skip_invalid.", [
        { field: 'mode', message: 'unknown mode' },
      ]);
    const body = c.req.raw.body;
    if (!body) throw new Invalid('empty_file', 'Send the CSV file as the request body.');
    let seen = 0;
    const limited = Readable.fromWeb(body as never).on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxCsvBytes)
        limited.destroy(
          new TooLarge('file_too_large', `CSV files may be at most ${maxCsvBytes / 1024 / 1024} MB.`),
        );
    });
    const report = await importCsv(engineOf(c), actor(c), c.req.param('app'), c.req.param('table'), limited, {
      mode,
    });
    return c.json(report, report.imported > 0 ? 201 : 200);
  });
