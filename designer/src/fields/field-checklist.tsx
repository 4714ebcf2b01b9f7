// Choose some fields of a table: fields a rule watches or locks, fields a card shows.
import type { FieldDoc } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { Icon } from '../ui/icons.tsx';
import { editorOf } from './registry.tsx';

export function FieldChecklist({
  legend,
  fields,
  value,
  onChange,
  help,
  error,
}: {
  legend: string;
  fields: FieldDoc[];
  value: string[];
  onChange(value: string[]): void;
  help?: string;
  error?: string | undefined;
}) {
  const { label } = useI18n();
  return (
    <fieldset className="form-field field-checklist">
      <legend className="form-label">{legend}</legend>
      <div className="checklist">
        {fields.map((field) => (
          <label key={field.name} className="field-toggle">
            <input
              type="checkbox"
              className="checkbox"
              checked={value.includes(field.name)}
              onChange={(e) =>
                onChange(e.target.checked ? [...value, field.name] : value.filter((v) => v !== field.name))
              }
            />
            <Icon name={editorOf(field).icon} />
            <span>{label(field.label)}</span>
          </label>
        ))}
      </div>
      {help ? <p className="form-help">{help}</p> : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
