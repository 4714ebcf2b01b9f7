// One ajv instance for every metadata schema; validators are compiled once, at module load,
// and their errors are turned into the engine's Invalid error with one detail per problem.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { type Detail, Invalid } from '../errors.ts';
import { apiNameSchema } from './common.ts';

export const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
addFormats(ajv);
// A zone the runtime does not know would only fail later, when "today" is worked out in it.
ajv.addFormat('time-zone', (value: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
});

export interface Checker<T> {
  (value: unknown): value is T;
  /** Throws Invalid naming each offending property, prefixed with `where` (e.g. "field 'amount'"). */
  assert(value: unknown, where?: string): asserts value is T;
  schema: object;
}

export function compile<T>(schema: object): Checker<T> {
  const validate = ajv.compile(schema) as ValidateFunction<T>;
  const check = ((value: unknown) => validate(value)) as Checker<T>;
  check.schema = schema;
  check.assert = (value: unknown, where?: string) => {
    if (validate(value)) return;
    const details = toDetails(validate.errors ?? []);
    const first = details[0]?.message ?? 'is invalid';
    throw new Invalid('invalid_metadata', where ? `${where}: ${first}` : first, details);
  };
  return check;
}

export function toDetails(errors: ErrorObject[]): Detail[] {
  const seen = new Set<string>();
  const details: Detail[] = [];
  for (const error of errors) {
    // oneOf/anyOf/if branches repeat what their children already said.
    if (error.keyword === 'if' || error.keyword === 'anyOf' || error.keyword === 'oneOf') continue;
    const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
    let field = path;
    let message: string;
    switch (error.keyword) {
      case 'required':
        field = path ? `${path}.${error.params.missingProperty}` : String(error.params.missingProperty);
        message = `'${field}' is required`;
        break;
      case 'additionalProperties':
        field = path ? `${path}.${error.params.additionalProperty}` : String(error.params.additionalProperty);
        message = `'${field}' is not a known property`;
        break;
      case 'enum':
        message = `'${path || 'value'}' must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'pattern':
        // Only API names are snake_case; a choice's `name` merely has a few characters it may not hold.
        message =
          error.params.pattern === apiNameSchema.pattern
            ? `'${path}' must be snake_case: lowercase letters, digits and underscores, starting with a letter`
            : `'${path}' has the wrong format`;
        break;
      default:
        message = `'${path || 'value'}' ${error.message ?? 'is invalid'}`;
    }
    const key = `${field}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    details.push({ field: field || '(root)', message });
  }
  return details;
}
