// The public form at /f/:publicId: anyone with the link fills it in, without signing in.
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { useI18n } from '../../i18n/index.tsx';
import { EmptyState, Spinner } from '../../ui/misc.tsx';
import { LanguageSwitch } from '../shell/frame.tsx';
import { FormRenderer } from './form-renderer.tsx';

export default function PublicFormPage({ publicId }: { publicId: string }) {
  const { t } = useI18n();
  const form = useQuery({
    queryKey: ['public-form', publicId],
    queryFn: () => api.forms.get(publicId),
    retry: false,
  });
  return (
    <main className="public-page" id="main">
      <div className="public-form">
        {form.isLoading ? <Spinner label={t('common.loading')} /> : null}
        {form.error ? (
          <EmptyState icon="form" title={t('publicForm.notFound')}>
            {form.error instanceof ApiError && form.error.status === 404
              ? t('publicForm.notFoundText')
              : (form.error as Error).message}
          </EmptyState>
        ) : null}
        {form.data ? (
          <FormRenderer
            layout={form.data.view.form ?? {}}
            fields={form.data.fields}
            isPublic
            onSubmit={(body) => api.forms.submit(publicId, body)}
          />
        ) : null}
      </div>
      <div className="public-lang">
        <LanguageSwitch save={false} />
      </div>
    </main>
  );
}
