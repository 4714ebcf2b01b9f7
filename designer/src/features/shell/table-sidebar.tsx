// The app's tables in the sidebar: open, drag to reorder (mouse, touch or keyboard), create,
// rename and delete.
import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { invalidateApp, keys, useQueryClient } from '../../api/queries.ts';
import type { App, Table } from '../../api/types.ts';
import { withLabelText } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { uniqueApiName } from '../../lib/names.ts';
import { paths } from '../../lib/paths.ts';
import { IconButton } from '../../ui/button.tsx';
import { DragHandle } from '../../ui/drag-handle.tsx';
import { Icon } from '../../ui/icons.tsx';
import { Menu } from '../../ui/popover.tsx';
import { ConfirmDialog, NameDialog } from '../../ui/prompt.tsx';
import { useToast } from '../../ui/toast.tsx';
import { useCanDesign } from '../access/can-design.ts';

function TableItem({
  app,
  table,
  active,
  onRename,
  onDelete,
}: {
  app: string;
  table: Table;
  active: boolean;
  onRename(): void;
  onDelete(): void;
}) {
  const { t, label } = useI18n();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging, setActivatorNodeRef } =
    useSortable({
      id: table.name,
    });
  const menuAnchor = useRef<HTMLButtonElement>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const text = label(table.label);
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`table-item ${active ? 'active' : ''} ${isDragging ? 'dragging' : ''}`}
    >
      <DragHandle
        sortable={{ attributes, listeners, setActivatorNodeRef }}
        label={t('shell.reorderTable', { name: text })}
      />
      <Link href={paths.table(app, table.name)} aria-current={active ? 'page' : undefined}>
        <Icon name="table" />
        <span>{text}</span>
      </Link>
      <IconButton
        ref={menuAnchor}
        icon="more"
        size="sm"
        className="item-menu"
        label={t('shell.tableActions', { name: text })}
        onClick={() => setMenuOpen(true)}
      />
      <Menu
        anchor={menuAnchor}
        open={menuOpen}
        onClose={() => setMenuOpen(false)}
        items={[
          { label: t('common.rename'), icon: <Icon name="edit" />, onSelect: onRename },
          { label: t('shell.deleteTable'), icon: <Icon name="trash" />, onSelect: onDelete, danger: true },
        ]}
      />
    </li>
  );
}

export function TableSidebar({ app, activeTable }: { app: App; activeTable?: string | undefined }) {
  const { t, label, locale } = useI18n();
  const client = useQueryClient();
  const toast = useToast();
  const [location, navigate] = useLocation();
  const canDesign = useCanDesign(app);
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Table>();
  const [deleting, setDeleting] = useState<Table>();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = app.tables.findIndex((x) => x.name === active.id);
    const to = app.tables.findIndex((x) => x.name === over.id);
    // Show the new order at once; the server's answer (or a refetch on error) settles it.
    client.setQueryData<App>(keys.app(app.name), (data) =>
      data ? { ...data, tables: arrayMove(data.tables, from, to) } : data,
    );
    try {
      await api.tables.update(app.name, String(active.id), { position: to });
    } catch (error) {
      toast.show((error as Error).message, 'error');
    }
    invalidateApp(client, app.name);
  };

  return (
    <aside className="sidebar" aria-label={t('shell.tables')}>
      <div className="sidebar-head">
        <h2>{label(app.label)}</h2>
      </div>
      <div className="sidebar-section">
        <span>{t('shell.tables')}</span>
        <IconButton icon="plus" size="sm" label={t('shell.newTable')} onClick={() => setCreating(true)} />
      </div>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={app.tables.map((x) => x.name)} strategy={verticalListSortingStrategy}>
          <ul className="sidebar-list">
            {app.tables.map((table) => (
              <TableItem
                key={table.id}
                app={app.name}
                table={table}
                active={table.name === activeTable}
                onRename={() => setRenaming(table)}
                onDelete={() => setDeleting(table)}
              />
            ))}
          </ul>
        </SortableContext>
      </DndContext>
      {canDesign ? (
        <nav className="sidebar-foot" aria-label={t('shell.appAdmin')}>
          {(
            [
              ['/workflows', 'bolt', t('shell.automations')],
              ['/roles', 'shield', t('shell.roles')],
              ['/members', 'user', t('shell.members')],
              ['/audit', 'clock', t('shell.audit')],
            ] as const
          ).map(([href, icon, text]) => {
            const active = location === href || location.startsWith(`${href}/`);
            return (
              <Link
                key={href}
                href={href}
                className={`foot-link ${active ? 'active' : ''}`}
                aria-current={active ? 'page' : undefined}
              >
                <Icon name={icon} />
                {text}
              </Link>
            );
          })}
        </nav>
      ) : null}
      <NameDialog
        open={creating}
        title={t('shell.newTable')}
        label={t('shell.tableName')}
        submitLabel={t('common.create')}
        onClose={() => setCreating(false)}
        onSubmit={async (text) => {
          const table = await api.tables.create(app.name, {
            name: uniqueApiName(
              text,
              app.tables.map((x) => x.name),
              'table',
            ),
            label: text,
            fields: [
              {
                name: 'name',
                label: withLabelText(undefined, locale, t('shell.defaultPrimary')),
                type: 'text',
              },
            ],
          });
          invalidateApp(client, app.name);
          navigate(paths.table(app.name, table.name));
        }}
      />
      <NameDialog
        open={Boolean(renaming)}
        title={t('shell.renameTable')}
        label={t('shell.tableName')}
        initial={renaming ? label(renaming.label) : ''}
        submitLabel={t('common.save')}
        onClose={() => setRenaming(undefined)}
        onSubmit={async (text) => {
          if (!renaming) return;
          await api.tables.update(app.name, renaming.name, {
            label: withLabelText(renaming.label, locale, text),
          });
          invalidateApp(client, app.name);
        }}
      />
      <ConfirmDialog
        open={Boolean(deleting)}
        title={t('shell.deleteTable')}
        message={t('shell.deleteTableConfirm', { name: deleting ? label(deleting.label) : '' })}
        confirmLabel={t('common.delete')}
        onClose={() => setDeleting(undefined)}
        onConfirm={async () => {
          if (!deleting) return;
          await api.tables.remove(app.name, deleting.name);
          invalidateApp(client, app.name);
          if (deleting.name === activeTable) navigate(paths.app(app.name));
        }}
      />
    </aside>
  );
}
