// A panel anchored to the element that opened it: placed below (or above when there is no
// room), closed by Escape or a click elsewhere, focus returned to the opener.
import {
  type CSSProperties,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
  type RefObject,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { createPortal } from 'react-dom';

export interface PopoverProps {
  anchor: RefObject<HTMLElement | null>;
  open: boolean;
  onClose(): void;
  children: ReactNode;
  align?: 'start' | 'end';
  width?: number | 'anchor';
  className?: string;
  label?: string;
  role?: string;
  onKeyDown?(event: ReactKeyboardEvent<HTMLDivElement>): void;
  /** Escape does this instead of onClose (e.g. cancel an edit that closing would save). */
  onEscape?(): void;
}

export function Popover({
  anchor,
  open,
  onClose,
  children,
  align = 'start',
  width,
  className = '',
  label,
  role = 'dialog',
  onEscape,
  onKeyDown,
}: PopoverProps) {
  const panel = useRef<HTMLDivElement>(null);
  const [style, setStyle] = useState<CSSProperties>({ visibility: 'hidden' });

  useLayoutEffect(() => {
    if (!open) return;
    const place = () => {
      const a = anchor.current?.getBoundingClientRect();
      const p = panel.current;
      if (!a || !p) return;
      const w = width === 'anchor' ? a.width : (width ?? p.offsetWidth);
      const h = p.offsetHeight;
      const below = window.innerHeight - a.bottom;
      const top = below < h + 8 && a.top > below ? Math.max(8, a.top - h - 4) : a.bottom + 4;
      let left = align === 'end' ? a.right - w : a.left;
      left = Math.min(Math.max(8, left), window.innerWidth - w - 8);
      setStyle({ top, left, ...(width !== undefined ? { width: w } : {}), visibility: 'visible' });
    };
    place();
    window.addEventListener('resize', place);
    window.addEventListener('scroll', place, true);
    return () => {
      window.removeEventListener('resize', place);
      window.removeEventListener('scroll', place, true);
    };
  }, [open, anchor, align, width]);

  const close = useRef(onClose);
  close.current = onClose;
  const escapeRef = useRef(onEscape);
  escapeRef.current = onEscape;
  useEffect(() => {
    if (!open) return;
    const onClose = () => close.current();
    const opener = anchor.current;
    const onDown = (event: MouseEvent) => {
      const target = event.target as Node;
      if (panel.current?.contains(target) || anchor.current?.contains(target)) return;
      // Clicks inside another popover opened from this one (nested pickers) keep it open.
      if ((target as Element).closest?.('.popover')) return;
      onClose();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        if (escapeRef.current) escapeRef.current();
        else onClose();
        opener?.focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    panel.current?.addEventListener('keydown', onKey);
    const node = panel.current;
    const first = node?.querySelector<HTMLElement>(
      'input:not([type=hidden]), select, textarea, button:not([disabled]), [tabindex="0"]',
    );
    first?.focus({ preventScroll: true });
    return () => {
      document.removeEventListener('mousedown', onDown);
      node?.removeEventListener('keydown', onKey);
    };
  }, [open, anchor]);

  if (!open) return null;
  return createPortal(
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: the role (dialog, menu) is given by the caller and takes a label
    // biome-ignore lint/a11y/noStaticElementInteractions: same: a dialog or menu, which handles keys
    <div
      ref={panel}
      className={`popover ${className}`}
      style={style}
      role={role}
      aria-label={label}
      onKeyDown={onKeyDown}
    >
      {children}
    </div>,
    document.body,
  );
}

export interface MenuItem {
  label: string;
  icon?: ReactNode;
  onSelect(): void;
  danger?: boolean;
  disabled?: boolean;
}

/** A list of actions in a popover, navigable with the arrow keys. */
export function Menu({
  items,
  onClose,
  ...popover
}: Omit<PopoverProps, 'children' | 'role'> & { items: MenuItem[] }) {
  return (
    <Popover
      {...popover}
      onClose={onClose}
      role="menu"
      className="menu"
      onKeyDown={(event) => {
        if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
        event.preventDefault();
        const buttons = [
          ...event.currentTarget.querySelectorAll<HTMLButtonElement>('button:not([disabled])'),
        ];
        const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
        const next =
          buttons[(index + (event.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length];
        next?.focus();
      }}
    >
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          className={`menu-item ${item.danger ? 'danger' : ''}`}
          disabled={item.disabled}
          onClick={() => {
            onClose();
            item.onSelect();
          }}
        >
          {item.icon}
          <span>{item.label}</span>
        </button>
      ))}
    </Popover>
  );
}
