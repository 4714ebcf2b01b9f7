// A text box that offers field-name completions as one types (arrows, Enter or Tab to accept):
// the formula editor and the workflow editor's expressions and templates.
import { useRef, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import type { Completion } from './formula-complete.ts';

export interface CompletingProps {
  id: string;
  value: string;
  onChange(value: string): void;
  complete(text: string, caret: number): Completion | undefined;
  describe?(name: string): string;
  multiline?: boolean;
  monospace?: boolean;
  placeholder?: string | undefined;
  describedBy?: string | undefined;
  invalid?: boolean;
  /** Lets the caller insert text at the caret (the "insert field" menu). */
  inputRef?: { current: HTMLInputElement | HTMLTextAreaElement | null };
}

/** A text box that offers completions as one types (arrows, Enter or Tab to accept). */
export function CompletingText({
  id,
  value,
  onChange,
  complete,
  describe,
  multiline,
  monospace,
  placeholder,
  describedBy,
  invalid,
  inputRef,
}: CompletingProps) {
  const { t } = useI18n();
  const own = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);
  const [completion, setCompletion] = useState<Completion>();
  const [selected, setSelected] = useState(0);
  const listId = `${id}-list`;
  const accept = (name: string) => {
    if (!completion) return;
    const next = value.slice(0, completion.start) + name + value.slice(completion.end);
    onChange(next);
    setCompletion(undefined);
    requestAnimationFrame(() => {
      const caret = completion.start + name.length;
      own.current?.setSelectionRange(caret, caret);
      own.current?.focus();
    });
  };
  const props = {
    id,
    className: `input ${multiline ? 'textarea' : ''} ${monospace ? 'mono' : ''}`,
    value,
    spellCheck: false,
    placeholder,
    role: 'combobox',
    'aria-expanded': Boolean(completion?.options.length),
    'aria-controls': listId,
    'aria-autocomplete': 'list' as const,
    'aria-describedby': describedBy,
    'aria-invalid': invalid || undefined,
    onChange: (e: { target: HTMLInputElement | HTMLTextAreaElement }) => {
      onChange(e.target.value);
      setCompletion(complete(e.target.value, e.target.selectionStart ?? e.target.value.length));
      setSelected(0);
    },
    onKeyDown: (e: React.KeyboardEvent) => {
      if (!completion?.options.length) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const n = completion.options.length;
        setSelected((s) => (s + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
      } else if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        accept(completion.options[selected]!);
      } else if (e.key === 'Escape') {
        e.stopPropagation();
        setCompletion(undefined);
      }
    },
    onBlur: () => setTimeout(() => setCompletion(undefined), 150),
  };
  const setRef = (node: HTMLInputElement | HTMLTextAreaElement | null) => {
    own.current = node;
    if (inputRef) inputRef.current = node;
  };
  return (
    <div className="formula-box">
      {multiline ? <textarea ref={setRef} rows={3} {...props} /> : <input ref={setRef} {...props} />}
      {completion?.options.length ? (
        <div className="suggestions" id={listId} role="listbox" aria-label={t('designer.fieldSuggestions')}>
          {completion.options.map((name, i) => (
            <button
              key={name}
              type="button"
              role="option"
              aria-selected={i === selected}
              className="picker-item"
              onMouseDown={(e) => {
                e.preventDefault();
                accept(name);
              }}
            >
              <span>{name}</span>
              <span className="muted">{describe?.(name)}</span>
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
