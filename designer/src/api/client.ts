// The one place the designer calls fetch: Hono's typed client over the server's route types
// (a route change that breaks the designer fails to compile), with the session cookie and
// the CSRF header every cookie-authenticated write must carry.
import { hc } from 'hono/client';
import type { ApiType } from '../../../server/app.ts';
import type { ErrorDetail } from './types.ts';
import { asSelfHeader, viewAsHeaders } from './view-as.ts';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export const apiFetch: typeof fetch = (input, init = {}) => {
  const headers = new Headers(init.headers);
  const method = (init.method ?? 'GET').toUpperCase();
  const csrf = readCookie('rapport_csrf');
  if (unsafeMethods.has(method) && csrf) headers.set('X-CSRF-Token', csrf);
  // Viewing as someone: reads are made as them (the server refuses writes that way anyway).
  if (headers.has(asSelfHeader)) headers.delete(asSelfHeader);
  else if (!unsafeMethods.has(method))
    for (const [name, value] of Object.entries(viewAsHeaders())) headers.set(name, value);
  return fetch(input, { ...init, headers, credentials: 'same-origin' });
};

// An absolute base, so that `$url()` can build URLs (EventSource, downloads) as well as requests.
const base = `${typeof location === 'undefined' ? 'http://localhost' : location.origin}/api`;
export const client = hc<ApiType>(base, { fetch: apiFetch });

/** An error answer of the API: its status, code, message and the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }

  /** The message for one field, when the server named it. */
  forField(name: string): string | undefined {
    return this.details.find((d) => d.field === name || d.field?.endsWith(`.${name}`))?.message;
  }
}

/** Listeners told when the session is gone (401), so the app can return to sign-in. */
const signedOutListeners = new Set<() => void>();
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

/**
 * Listeners told when a role requires two-factor sign-in that the user has not set up yet
 * (403 two_factor_setup_required): the app shows the enrolment screen.
 */
const enrolListeners = new Set<() => void>();
export function onTwoFactorSetupRequired(listener: () => void): () => void {
  enrolListeners.add(listener);
  return () => enrolListeners.delete(listener);
}

/** Awaits a typed-client call and returns its JSON body, or throws ApiError. */
export async function read<T>(request: Promise<Response> | Response): Promise<T> {
  let response: Response;
  try {
    response = await request;
  } catch (error) {
    throw new ApiError(0, 'network_error', (error as Error).message);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; details?: ErrorDetail[] } })?.error;
    if (response.status === 401 && !response.url.endsWith('/api/auth/login'))
      for (const listener of signedOutListeners) listener();
    if (response.status === 403 && error?.code === 'two_factor_setup_required')
      for (const listener of enrolListeners) listener();
    throw new ApiError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? (response.statusText || `HTTP ${response.status}`),
      error?.details ?? [],
    );
  }
  return body as T;
}

/**
 * The server reads query strings and JSON bodies itself (no route validators), so the typed
 * client does not know their shapes; they travel with the path parameters at runtime.
 */
export function withQuery<A extends object>(args: A, query: Record<string, string | number | undefined>): A {
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) if (value !== undefined) clean[key] = String(value);
  return { ...args, query: clean } as A;
}

export function withJson<A extends object>(args: A, json: unknown, query?: Record<string, string>): A {
  return { ...args, json, ...(query ? { query } : {}) } as A;
}

/** A body-less call that still needs a JSON body (the server requires one on some writes). */
export const noArgs = {} as Record<string, never>;
