// The gallery view: a card per record with a cover image (the first image of an attachment
// field), its title and the chosen fields.
import { useMemo } from 'react';
import { Link } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { useRecordPages } from '../../api/queries.ts';
import type { FieldDoc } from '../../api/types.ts';
import { editorOf } from '../../fields/registry.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { paths } from '../../lib/paths.ts';
import { Button } from '../../ui/button.tsx';
import { Icon } from '../../ui/icons.tsx';
import { EmptyState, Spinner } from '../../ui/misc.tsx';
import type { ViewProps } from '../views/registry.ts';
import { CardFieldsPicker, FieldSelect, SettingsButton, useSaveView } from '../views/view-settings.tsx';

export default function GalleryView({ app, table, view }: ViewProps) {
  const { t, label } = useI18n();
  const save = useSaveView(app, table, view);
  const settings = view.gallery ?? {};
  const coverField = table.fields.find((f) => f.name === settings.coverField && f.type === 'attachment');
  const titleField = settings.titleField ?? table.primaryField ?? undefined;
  const defaultCards = table.fields
    .filter((f) => f.name !== titleField && f.type !== 'attachment')
    .slice(0, 3)
    .map((f) => f.name);
  const cardFields = (settings.cardFields ?? defaultCards)
    .map((n) => table.fields.find((f) => f.name === n))
    .filter((f): f is FieldDoc => Boolean(f));
  const pages = useRecordPages(app.name, table.name, { filter: view.filter, sort: view.sort, limit: 200 });
  const records = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  if (pages.isLoading) return <Spinner label={t('common.loading')} />;
  return (
    <>
      <div className="toolbar" role="toolbar" aria-label={t('grid.toolbar')}>
        <SettingsButton>
          <FieldSelect
            label={t('gallery.coverField')}
            fields={table.fields.filter((f) => f.type === 'attachment')}
            value={coverField?.name}
            allowNone
            onChange={(name) => void save({ gallery: { ...settings, coverField: name } })}
          />
          <FieldSelect
            label={t('gallery.titleField')}
            fields={table.fields.filter((f) => f.type !== 'attachment')}
            value={titleField}
            onChange={(name) => void save({ gallery: { ...settings, titleField: name } })}
          />
          <CardFieldsPicker
            fields={table.fields.filter((f) => f.name !== titleField)}
            value={cardFields.map((f) => f.name)}
            onChange={(names) => void save({ gallery: { ...settings, cardFields: names } })}
          />
        </SettingsButton>
      </div>
      {records.length === 0 ? (
        <EmptyState icon="gallery" title={t('grid.emptyTitle')} />
      ) : (
        <div className="gallery">
          {records.map((record) => {
            const files = coverField
              ? (record.fields[coverField.name] as { id: string; type: string }[] | null)
              : null;
            const image = files?.find((f) => f.type.startsWith('image/'));
            const title = titleField ? record.fields[titleField] : undefined;
            return (
              <Link key={record.id} href={paths.record(app.name, table.name, record.id)} className="gcard">
                <div className="gcard-cover">
                  {image ? (
                    <img src={api.attachments.url(image.id)} alt="" loading="lazy" />
                  ) : (
                    <Icon name="gallery" size={32} />
                  )}
                </div>
                <div className="gcard-body">
                  <span className="gcard-title">
                    {title === null || title === undefined || title === '' ? `#${record.id}` : String(title)}
                  </span>
                  {cardFields.map((field) => {
                    const Cell = editorOf(field).Cell;
                    return (
                      <div key={field.name} className="kcard-field">
                        <span className="k">{label(field.label)}</span>
                        <Cell value={record.fields[field.name]} field={field} app={app.name} />
                      </div>
                    );
                  })}
                </div>
              </Link>
            );
          })}
          {pages.hasNextPage ? (
            <Button onClick={() => void pages.fetchNextPage()} busy={pages.isFetchingNextPage}>
              {t('kanban.loadMore')}
            </Button>
          ) : null}
        </div>
      )}
    </>
  );
}
