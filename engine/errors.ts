// The error types every layer shares. They carry domain codes, never HTTP statuses:
// server/errors.ts maps each class to a status in one place.

export interface Detail {
  /** The API name of the field (or a JSON pointer into the request) the problem concerns. */
  field?: string;
  message: string;
  /** Index of the record in a batch, or the row number in an import. */
  index?: number;
  code?: string;
}

export abstract class RapportError extends Error {
  abstract readonly kind: ErrorKind;
  constructor(
    readonly code: string,
    message: string,
    readonly details: Detail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export type ErrorKind =
  | 'malformed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'invalid'
  | 'rate_limited';

/** The request itself cannot be read: bad JSON, a malformed cursor or filter syntax. */
export class Malformed extends RapportError {
  readonly kind = 'malformed';
}
export class Unauthenticated extends RapportError {
  readonly kind = 'unauthenticated';
}
export class Forbidden extends RapportError {
  readonly kind = 'forbidden';
}
export class NotFound extends RapportError {
  readonly kind = 'not_found';
}
/** Duplicate names, unique values, objects still in use. */
export class Conflict extends RapportError {
  readonly kind = 'conflict';
}
export class TooLarge extends RapportError {
  readonly kind = 'too_large';
}
/** Well-formed input that breaks a rule; `details` names each field. */
export class Invalid extends RapportError {
  readonly kind = 'invalid';
}
export class RateLimited extends RapportError {
  readonly kind = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', message);
  }
}

export function notFound(what: string, name: string): NotFound {
  return new NotFound(
    `${what.toLowerCase().replace(/ /g, '_')}_not_found`,
    `${what} '${name}' does not exist.`,
  );
}

export function invalidField(field: string, message: string, code = 'invalid_value'): Invalid {
  return new Invalid(code, message, [{ field, message, code }]);
}
