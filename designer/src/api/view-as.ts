// "View as": an administrator sees the app exactly as a user, or anyone holding a role, sees
// it. While it is on, every read the API client makes carries X-View-As (the server answers
// as that person and refuses writes). Kept for the tab (sessionStorage) so a reload keeps it.
import { useSyncExternalStore } from 'react';

export interface ViewAs {
  kind: 'user' | 'role';
  /** User id or role name. */
  id: string;
  /** The app it was started in (roles belong to an app). */
  app: string;
  /** What the banner calls them. */
  label: string;
}

const storageKey = 'rapport.viewAs';
/** A request with this header is made as the signed-in admin even while viewing as someone. */
export const asSelfHeader = 'x-rapport-as-self';

function load(): ViewAs | null {
  if (typeof sessionStorage === 'undefined') return null;
  try {
    const saved = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null') as ViewAs | null;
    return saved && (saved.kind === 'user' || saved.kind === 'role') ? saved : null;
  } catch {
    return null;
  }
}

let current: ViewAs | null = load();
const listeners = new Set<() => void>();

export function getViewAs(): ViewAs | null {
  return current;
}

export function setViewAs(next: ViewAs | null): void {
  current = next;
  if (typeof sessionStorage !== 'undefined') {
    if (next) sessionStorage.setItem(storageKey, JSON.stringify(next));
    else sessionStorage.removeItem(storageKey);
  }
  for (const listener of listeners) listener();
}

export function useViewAs(): ViewAs | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getViewAs,
    () => null,
  );
}

/** The headers a read carries while viewing as someone. */
export function viewAsHeaders(viewAs: ViewAs | null = current): Record<string, string> {
  if (!viewAs) return {};
  return { 'X-View-As': `${viewAs.kind}:${viewAs.id}`, 'X-View-As-App': viewAs.app };
}
