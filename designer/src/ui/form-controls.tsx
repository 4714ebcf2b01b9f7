// Labelled form controls: every input has a visible label, help text and the error the server
// (or the form) gave for it, wired with aria-describedby so screen readers announce them.
import {
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';

export interface FieldProps {
  label: ReactNode;
  help?: ReactNode;
  error?: string | undefined;
  required?: boolean;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
  className?: string;
}

export function FormField({ label, help, error, required, children, className = '' }: FieldProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [help ? helpId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-field ${error ? 'has-error' : ''} ${className}`}>
      <label htmlFor={id} className="form-label">
        {label}
        {required ? (
          <span className="required-mark" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {help ? (
        <p id={helpId} className="form-help">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'children'> & {
  label: ReactNode;
  help?: ReactNode;
  error?: string | undefined;
  ref?: Ref<HTMLInputElement>;
};

export function TextField({ label, help, error, required, className, ref, ...input }: InputProps) {
  return (
    <FormField
      label={label}
      help={help}
      error={error}
      required={Boolean(required)}
      {...(className ? { className } : {})}
    >
      {({ id, describedBy, invalid }) => (
        <input
          ref={ref}
          id={id}
          className="input"
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          required={required}
          {...input}
        />
      )}
    </FormField>
  );
}

export function TextAreaField({
  label,
  help,
  error,
  required,
  ...input
}: TextareaHTMLAttributes<HTMLTextAreaElement> & {
  label: ReactNode;
  help?: ReactNode;
  error?: string | undefined;
}) {
  return (
    <FormField label={label} help={help} error={error} required={Boolean(required)}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          className="input textarea"
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          required={required}
          {...input}
        />
      )}
    </FormField>
  );
}

export function SelectField({
  label,
  help,
  error,
  required,
  children,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & {
  label: ReactNode;
  help?: ReactNode;
  error?: string | undefined;
}) {
  return (
    <FormField label={label} help={help} error={error} required={Boolean(required)}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          className="input select"
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          required={required}
          {...select}
        >
          {children}
        </select>
      )}
    </FormField>
  );
}

export function CheckboxField({
  label,
  help,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { label: ReactNode; help?: ReactNode }) {
  const id = useId();
  return (
    <div className="checkbox-field">
      <input id={id} type="checkbox" className="checkbox" {...input} />
      <label htmlFor={id}>
        {label}
        {help ? <span className="form-help">{help}</span> : null}
      </label>
    </div>
  );
}

/** A banner for an error that names no field (or fields not on screen). */
export function ErrorBanner({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <div className="error-banner" role="alert">
      {children}
    </div>
  );
}
