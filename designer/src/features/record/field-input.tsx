// One field of a record as a labelled input: the type's editor, its help and the server's
// message for it. Read-only fields show their value instead.
import { useId } from 'react';
import type { FieldDoc } from '../../api/types.ts';
import { editorOf } from '../../fields/registry.tsx';
import { useI18n } from '../../i18n/index.tsx';

export function FieldInput({
  app,
  field,
  value,
  onChange,
  error,
  autoFocus,
  onBlur,
  className = '',
}: {
  app: string;
  field: FieldDoc;
  value: unknown;
  onChange(value: unknown): void;
  error?: string | undefined;
  autoFocus?: boolean;
  onBlur?(): void;
  className?: string;
}) {
  const { label } = useI18n();
  const id = useId();
  const editor = editorOf(field);
  const Editor = editor.Editor;
  const description =
    typeof field.description === 'string'
      ? field.description
      : field.description
        ? label(field.description)
        : '';
  const describedBy =
    [description ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-field ${error ? 'has-error' : ''} ${className}`}>
      <label htmlFor={id} className="form-label" id={`${id}-label`}>
        {label(field.label)}
        {field.required ? (
          <span className="required-mark" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {Editor ? (
        <Editor
          field={field}
          app={app}
          value={value}
          onChange={onChange}
          id={id}
          describedBy={describedBy}
          invalid={Boolean(error)}
          {...(autoFocus ? { autoFocus } : {})}
          {...(onBlur ? { onBlur } : {})}
        />
      ) : (
        <output className="readonly-value" id={id}>
          <editor.Cell value={value} field={field} app={app} />
        </output>
      )}
      {description ? (
        <p id={`${id}-help`} className="form-help">
          {description}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
