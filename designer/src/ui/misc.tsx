// Small shared pieces: spinner, empty state, choice pill, avatar, keyboard hint.
import type { ReactNode } from 'react';
import { Icon, type IconName } from './icons.tsx';

export function Spinner({ label }: { label?: string }) {
  return (
    <div className="spinner-wrap" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ? <span className="visually-hidden">{label}</span> : null}
    </div>
  );
}

export function EmptyState({
  icon = 'sparkle',
  title,
  children,
  action,
}: {
  icon?: IconName;
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="empty-state">
      <div className="empty-icon">
        <Icon name={icon} size={28} />
      </div>
      <h3>{title}</h3>
      {children ? <p>{children}</p> : null}
      {action}
    </div>
  );
}

const namedColors = new Set([
  'gray',
  'red',
  'orange',
  'yellow',
  'green',
  'teal',
  'blue',
  'indigo',
  'purple',
  'pink',
  'brown',
]);

export function ChoicePill({ color, children }: { color?: string | undefined; children: ReactNode }) {
  const named = color && namedColors.has(color) ? color : undefined;
  const custom = color?.startsWith('#') ? color : undefined;
  return (
    <span
      className={`pill pill-${named ?? 'gray'}`}
      style={custom ? { background: `${custom}26`, color: custom, borderColor: `${custom}55` } : undefined}
    >
      {children}
    </span>
  );
}

export function Avatar({ name, size = 24 }: { name: string; size?: number }) {
  const initials = name
    .split(/\s+|@/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  const hue = Math.abs(hash) % 360;
  return (
    <span
      className="avatar"
      style={{
        width: size,
        height: size,
        fontSize: size * 0.42,
        background: `hsl(${hue} 60% 88%)`,
        color: `hsl(${hue} 45% 30%)`,
      }}
      aria-hidden="true"
    >
      {initials || '?'}
    </span>
  );
}

export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}
