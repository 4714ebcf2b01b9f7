// Renders a form view with react-hook-form: its sections and columns, each field with its
// type's editor, required and type rules checked like the server checks them, conditional
// fields shown only while their condition holds, and a honeypot field people never see.
// Used by the public form page and by the form designer's preview.
import { useId, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { ApiError } from '../../api/client.ts';
import type { FieldDoc, Filter, FormLayout } from '../../api/types.ts';
import { editorOf } from '../../fields/registry.tsx';
import { isEmptyValue, validateValue } from '../../fields/values.ts';
import { labelText } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { matches } from '../../lib/filter-eval.ts';
import { Button } from '../../ui/button.tsx';
import { ErrorBanner } from '../../ui/form-controls.tsx';
import { Icon } from '../../ui/icons.tsx';
import { columnItems, sectionsOf } from '../form-designer/layout.ts';

/** The name of the hidden field bots fill in (the server's honeypot). */
export const honeypotName = 'website_url';

type Values = Record<string, unknown>;

function text(value: unknown, locale: string): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : labelText(value as Record<string, string>, locale);
}

export function FormRenderer({
  layout,
  fields,
  app,
  onSubmit,
  isPublic,
}: {
  layout: FormLayout;
  fields: FieldDoc[];
  app?: string;
  /** Resolves when the server took the answer; rejects with ApiError to show its messages. */
  onSubmit(body: { fields: Values; [honeypotName]: string }): Promise<unknown>;
  isPublic: boolean;
}) {
  const { t, locale } = useI18n();
  const formId = useId();
  const byName = new Map(fields.map((f) => [f.name, f]));
  const sections = sectionsOf(layout);
  const items = sections.flatMap((s) => s.fields);
  const defaults: Values = {};
  for (const item of items) if (item.default !== undefined) defaults[item.field] = item.default;
  const { control, handleSubmit, watch, setError, reset, formState, register } = useForm<Values>({
    defaultValues: { ...defaults, [honeypotName]: '' },
    mode: 'onTouched',
  });
  const [done, setDone] = useState(false);
  const [banner, setBanner] = useState<string>();
  const values = watch();
  const visible = (item: (typeof items)[number]) => !item.showIf || matches(item.showIf as Filter, values);

  const submit = handleSubmit(async (all) => {
    setBanner(undefined);
    const answer: Values = {};
    for (const item of items)
      if (visible(item) && !isEmptyValue(all[item.field])) answer[item.field] = all[item.field];
    try {
      await onSubmit({ fields: answer, [honeypotName]: String(all[honeypotName] ?? '') });
      setDone(true);
      reset();
    } catch (error) {
      if (error instanceof ApiError) {
        let named = false;
        for (const detail of error.details)
          if (detail.field && byName.has(detail.field)) {
            setError(detail.field, { type: 'server', message: detail.message });
            named = true;
          }
        if (!named) setBanner(error.status === 429 ? t('publicForm.tooMany') : error.message);
      } else setBanner((error as Error).message);
    }
  });

  if (done)
    return (
      <div className="done" role="status">
        <div className="empty-icon">
          <Icon name="check" size={28} />
        </div>
        <h2>{text(layout.successMessage, locale) || t('publicForm.thanks')}</h2>
        <Button style={{ marginTop: 16 }} onClick={() => setDone(false)}>
          {t('publicForm.another')}
        </Button>
      </div>
    );

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h1 id={`${formId}-title`}>{text(layout.title, locale) || t('publicForm.untitled')}</h1>
      {layout.description ? (
        <p className="desc">{text(layout.description, locale)}</p>
      ) : (
        <div style={{ height: 16 }} />
      )}
      <ErrorBanner>{banner}</ErrorBanner>
      {sections.map((section, s) => {
        const columns = section.columns ?? 1;
        const sectionVisible = section.fields.some(visible);
        if (!sectionVisible && section.fields.length > 0) return null;
        return (
          <section key={section.id ?? s} aria-label={text(section.title, locale) || undefined}>
            {section.title ? <h2 className="section-title">{text(section.title, locale)}</h2> : null}
            <div className="form-grid" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
              {Array.from({ length: columns }, (_, c) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions
                <div key={c}>
                  {columnItems(section, c + 1)
                    .filter(visible)
                    .map((item) => {
                      const field = byName.get(item.field);
                      if (!field) return null;
                      const Editor = editorOf(field).Editor;
                      if (!Editor) return null;
                      const required = item.required === true || field.required === true;
                      const label = text(item.label, locale) || text(field.label, locale);
                      const help = text(item.help, locale) || text(field.description, locale);
                      return (
                        <Controller
                          key={item.field}
                          name={item.field}
                          control={control}
                          rules={{
                            validate: (value) => {
                              if (required && isEmptyValue(value))
                                return t('publicForm.required', { name: label });
                              const problem = validateValue(field, value, { locale });
                              return problem ? t(`parse.${problem.error}`, problem.vars) : true;
                            },
                          }}
                          render={({ field: input, fieldState }) => {
                            const id = `${formId}-${item.field}`;
                            const describedBy =
                              [help ? `${id}-help` : '', fieldState.error ? `${id}-error` : '']
                                .filter(Boolean)
                                .join(' ') || undefined;
                            return (
                              <div className={`form-field ${fieldState.error ? 'has-error' : ''}`}>
                                <label className="form-label" htmlFor={id}>
                                  {label}
                                  {required ? (
                                    <span className="required-mark" aria-hidden="true">
                                      {' '}
                                      *
                                    </span>
                                  ) : null}
                                </label>
                                <Editor
                                  field={field}
                                  app={app ?? ''}
                                  value={input.value}
                                  onChange={input.onChange}
                                  onBlur={input.onBlur}
                                  id={id}
                                  describedBy={describedBy}
                                  invalid={Boolean(fieldState.error)}
                                  isPublic={isPublic}
                                />
                                {help ? (
                                  <p id={`${id}-help`} className="form-help">
                                    {help}
                                  </p>
                                ) : null}
                                {fieldState.error ? (
                                  <p id={`${id}-error`} className="form-error" role="alert">
                                    {fieldState.error.message}
                                  </p>
                                ) : null}
                              </div>
                            );
                          }}
                        />
                      );
                    })}
                </div>
              ))}
            </div>
          </section>
        );
      })}
      <div className="honeypot" aria-hidden="true">
        <label>
          {t('publicForm.honeypot')}
          <input type="text" tabIndex={-1} autoComplete="off" {...register(honeypotName)} />
        </label>
      </div>
      <Button type="submit" variant="primary" busy={formState.isSubmitting}>
        {text(layout.submitLabel, locale) || t('publicForm.submit')}
      </Button>
    </form>
  );
}
