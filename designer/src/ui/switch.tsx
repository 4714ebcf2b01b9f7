// An on/off switch (role="switch"): for things that take effect at once, like a rule being on.
import type { ButtonHTMLAttributes } from 'react';

export function Switch({
  checked,
  onChange,
  label,
  className = '',
  ...rest
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'onChange'> & {
  checked: boolean;
  onChange(checked: boolean): void;
  label: string;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      title={label}
      className={`switch ${checked ? 'on' : ''} ${className}`}
      onClick={() => onChange(!checked)}
      {...rest}
    >
      <span className="switch-knob" aria-hidden="true" />
    </button>
  );
}
