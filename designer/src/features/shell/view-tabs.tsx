// A table's views as tabs, a menu to add one of each kind, and rename/delete on the open tab.
import { useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { invalidateApp, keys, useQueryClient } from '../../api/queries.ts';
import type { App, Table, ViewDoc } from '../../api/types.ts';
import { withLabelText } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { uniqueApiName } from '../../lib/names.ts';
import { paths } from '../../lib/paths.ts';
import { Button, IconButton } from '../../ui/button.tsx';
import { Icon } from '../../ui/icons.tsx';
import { Menu } from '../../ui/popover.tsx';
import { ConfirmDialog, NameDialog } from '../../ui/prompt.tsx';
import { useToast } from '../../ui/toast.tsx';
import { viewKinds, viewTypes } from '../views/registry.ts';

export function ViewTabs({
  app,
  table,
  activeView,
  onFields,
}: {
  app: App;
  table: Table;
  activeView?: string | undefined;
  onFields: boolean;
}) {
  const { t, label, locale } = useI18n();
  const client = useQueryClient();
  const toast = useToast();
  const [, navigate] = useLocation();
  const addAnchor = useRef<HTMLButtonElement>(null);
  const tabAnchor = useRef<HTMLButtonElement>(null);
  const [adding, setAdding] = useState(false);
  const [tabMenu, setTabMenu] = useState(false);
  const [renaming, setRenaming] = useState<ViewDoc>();
  const [deleting, setDeleting] = useState<ViewDoc>();
  const current = table.views.find((v) => v.name === activeView);

  const addView = async (type: ViewDoc['type']) => {
    const initial = viewKinds[type].initial(table);
    if (!initial) {
      toast.show(t(type === 'kanban' ? 'views.kanbanNeedsSelect' : 'views.calendarNeedsDate'), 'error');
      return;
    }
    const text = t(`views.new.${type}`);
    try {
      const view = await api.views.create(app.name, table.name, {
        name: uniqueApiName(
          type,
          table.views.map((v) => v.name),
          'view',
        ),
        label: withLabelText(undefined, locale, text),
        type,
        ...initial,
      });
      // Into the cached app at once, so the new tab opens without waiting for the refetch.
      client.setQueryData<App>(keys.app(app.name), (data) =>
        data
          ? {
              ...data,
              tables: data.tables.map((x) =>
                x.name === table.name ? { ...x, views: [...x.views, view] } : x,
              ),
            }
          : data,
      );
      invalidateApp(client, app.name);
      navigate(paths.view(app.name, table.name, view.name));
    } catch (error) {
      toast.show((error as Error).message, 'error');
    }
  };

  return (
    <>
      <nav className="tabs" aria-label={t('views.views')}>
        {table.views.map((view) => {
          const active = view.name === activeView && !onFields;
          return (
            <Link
              key={view.id}
              href={paths.view(app.name, table.name, view.name)}
              className={`tab ${active ? 'active' : ''}`}
              aria-current={active ? 'page' : undefined}
            >
              <Icon name={viewKinds[view.type].icon} />
              {label(view.label)}
            </Link>
          );
        })}
        <Button
          ref={addAnchor}
          variant="ghost"
          size="sm"
          icon="plus"
          onClick={() => setAdding(true)}
          aria-haspopup="menu"
        >
          {t('views.addView')}
        </Button>
      </nav>
      <div className="tab-actions">
        {current && !onFields ? (
          <IconButton
            ref={tabAnchor}
            icon="more"
            size="sm"
            label={t('views.viewActions')}
            onClick={() => setTabMenu(true)}
          />
        ) : null}
        <Link
          href={paths.fields(app.name, table.name)}
          className={`btn btn-sm ${onFields ? 'btn-secondary active' : 'btn-ghost'}`}
        >
          <Icon name="settings" />
          {t('views.fields')}
        </Link>
      </div>
      <Menu
        anchor={addAnchor}
        open={adding}
        onClose={() => setAdding(false)}
        items={viewTypes.map((type) => ({
          label: t(`views.type.${type}`),
          icon: <Icon name={viewKinds[type].icon} />,
          onSelect: () => void addView(type),
        }))}
      />
      <Menu
        anchor={tabAnchor}
        open={tabMenu}
        onClose={() => setTabMenu(false)}
        align="end"
        items={[
          { label: t('common.rename'), icon: <Icon name="edit" />, onSelect: () => setRenaming(current) },
          {
            label: t('views.deleteView'),
            icon: <Icon name="trash" />,
            danger: true,
            disabled: table.views.length <= 1,
            onSelect: () => setDeleting(current),
          },
        ]}
      />
      <NameDialog
        open={Boolean(renaming)}
        title={t('views.renameView')}
        label={t('views.viewName')}
        initial={renaming ? label(renaming.label) : ''}
        submitLabel={t('common.save')}
        onClose={() => setRenaming(undefined)}
        onSubmit={async (text) => {
          if (!renaming) return;
          await api.views.update(app.name, table.name, renaming.name, {
            label: withLabelText(renaming.label, locale, text),
          });
          invalidateApp(client, app.name);
        }}
      />
      <ConfirmDialog
        open={Boolean(deleting)}
        title={t('views.deleteView')}
        message={t('views.deleteViewConfirm', { name: deleting ? label(deleting.label) : '' })}
        confirmLabel={t('common.delete')}
        onClose={() => setDeleting(undefined)}
        onConfirm={async () => {
          if (!deleting) return;
          await api.views.remove(app.name, table.name, deleting.name);
          invalidateApp(client, app.name);
          navigate(paths.table(app.name, table.name));
        }}
      />
    </>
  );
}
