// Home: the user's apps, a blank new app, and the template gallery (preview, install in one click).
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, lazy, Suspense, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { invalidateApp, keys, useApps, useQueryClient } from '../../api/queries.ts';
import type { AppSummary, TemplateSummary } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { uniqueApiName } from '../../lib/names.ts';
import { paths } from '../../lib/paths.ts';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { ErrorBanner, TextField } from '../../ui/form-controls.tsx';
import { Icon } from '../../ui/icons.tsx';
import { EmptyState, Spinner } from '../../ui/misc.tsx';
import { useToast } from '../../ui/toast.tsx';

const TemplatePreviewDialog = lazy(() =>
  import('./template-preview.tsx').then((m) => ({ default: m.TemplatePreviewDialog })),
);

const palette = ['#4f46e5', '#0ea5e9', '#16a34a', '#f59e0b', '#db2777', '#7c3aed', '#0d9488', '#ea580c'];
export function colorFor(name: string): string {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return palette[Math.abs(hash) % palette.length]!;
}

function AppCard({ app }: { app: AppSummary }) {
  const { label, t } = useI18n();
  const text = label(app.label);
  return (
    <Link href={paths.app(app.name)} className="card app-card">
      <span className="app-icon" style={{ background: app.color ?? colorFor(app.name) }} aria-hidden="true">
        {text.slice(0, 1).toUpperCase()}
      </span>
      <h3>{text}</h3>
      <span className="meta">{t('home.tableCount', { n: app.tables.length })}</span>
    </Link>
  );
}

function NewAppDialog({ open, onClose, taken }: { open: boolean; onClose(): void; taken: string[] }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [, navigate] = useLocation();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: () => api.apps.create({ name: uniqueApiName(text, taken, 'app'), label: text.trim() }),
    onSuccess: (app) => {
      invalidateApp(client, app.name);
      onClose();
      navigate(paths.app(app.name));
    },
  });
  const error = create.error instanceof ApiError ? create.error : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) create.mutate();
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('home.newApp')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            variant="primary"
            type="submit"
            form="new-app"
            busy={create.isPending}
            disabled={!text.trim()}
          >
            {t('common.create')}
          </Button>
        </>
      }
    >
      <form id="new-app" onSubmit={submit}>
        <ErrorBanner>
          {error && !error.forField('label') && !error.forField('name') ? error.message : null}
        </ErrorBanner>
        <TextField
          label={t('home.appName')}
          autoFocus
          value={text}
          onChange={(e) => setText(e.target.value)}
          error={error?.forField('label') ?? error?.forField('name')}
          placeholder={t('home.appNamePlaceholder')}
        />
      </form>
    </Dialog>
  );
}

const templateColors: Record<string, string> = {
  customer: 'linear-gradient(135deg,#6366f1,#8b5cf6)',
  pipeline: 'linear-gradient(135deg,#0ea5e9,#6366f1)',
  service: 'linear-gradient(135deg,#10b981,#0ea5e9)',
  marketing: 'linear-gradient(135deg,#f59e0b,#ef4444)',
};

function TemplateCard({
  template,
  onPreview,
  onInstall,
  installing,
}: {
  template: TemplateSummary;
  onPreview(): void;
  onInstall(): void;
  installing: boolean;
}) {
  const { label, t } = useI18n();
  return (
    <article className="card template-card" aria-label={label(template.label)}>
      <div
        className="template-banner"
        style={{ background: templateColors[template.name] ?? 'linear-gradient(135deg,#64748b,#334155)' }}
      >
        <Icon name="sparkle" size={18} />
      </div>
      <h3>{label(template.label)}</h3>
      <p>{label(template.description)}</p>
      <div className="actions">
        <Button variant="primary" size="sm" onClick={onInstall} busy={installing}>
          {t('home.useTemplate')}
        </Button>
        <Button size="sm" onClick={onPreview}>
          {t('home.preview')}
        </Button>
      </div>
    </article>
  );
}

function TemplateGallery({ taken }: { taken: string[] }) {
  const { t, label } = useI18n();
  const toast = useToast();
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const [previewing, setPreviewing] = useState<string>();
  const templates = useQuery({ queryKey: keys.templates, queryFn: api.templates.list, retry: false });
  const install = useMutation({
    mutationFn: (template: TemplateSummary) =>
      api.templates.install(template.name, {
        app: uniqueApiName(template.name, taken, 'app'),
        sampleData: true,
      }),
    onSuccess: (app, template) => {
      invalidateApp(client, app.name);
      toast.show(t('home.installed', { name: label(template.label) }), 'success');
      navigate(paths.app(app.name));
    },
    onError: (error) => toast.show((error as Error).message, 'error'),
  });
  if (templates.isLoading) return <Spinner />;
  if (templates.error || !templates.data)
    return (
      <p className="muted">
        {templates.error instanceof ApiError && templates.error.status === 404
          ? t('home.noTemplates')
          : (templates.error as Error | null)?.message}
      </p>
    );
  return (
    <>
      <div className="cards">
        {templates.data.items.map((template) => (
          <TemplateCard
            key={template.name}
            template={template}
            onPreview={() => setPreviewing(template.name)}
            onInstall={() => install.mutate(template)}
            installing={install.isPending && install.variables?.name === template.name}
          />
        ))}
      </div>
      {previewing ? (
        <Suspense fallback={null}>
          <TemplatePreviewDialog
            name={previewing}
            onClose={() => setPreviewing(undefined)}
            installing={install.isPending}
            onInstall={() => {
              const template = templates.data.items.find((x) => x.name === previewing);
              if (template) install.mutate(template);
            }}
          />
        </Suspense>
      ) : null}
    </>
  );
}

export function Home() {
  const { t } = useI18n();
  const apps = useApps();
  const [creating, setCreating] = useState(false);
  const taken = apps.data?.items.map((a) => a.name) ?? [];
  return (
    <main className="page" id="main">
      <div className="page-inner">
        <div className="home-head">
          <div>
            <h1>{t('home.title')}</h1>
            <p>{t('home.subtitle')}</p>
          </div>
          <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
            {t('home.newApp')}
          </Button>
        </div>
        {apps.isLoading ? (
          <Spinner />
        ) : apps.data && apps.data.items.length > 0 ? (
          <div className="cards">
            {apps.data.items.map((app) => (
              <AppCard key={app.id} app={app} />
            ))}
            <button type="button" className="card new-card" onClick={() => setCreating(true)}>
              <Icon name="plus" size={20} />
              {t('home.blankApp')}
            </button>
          </div>
        ) : (
          <div className="card">
            <EmptyState title={t('home.emptyTitle')}>{t('home.emptyText')}</EmptyState>
          </div>
        )}
        <h2 className="section-title">
          <Icon name="sparkle" />
          {t('home.templates')}
        </h2>
        <TemplateGallery taken={taken} />
      </div>
      <NewAppDialog open={creating} onClose={() => setCreating(false)} taken={taken} />
    </main>
  );
}
