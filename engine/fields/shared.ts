// Small helpers the field type modules share: error messages that name the field, empty
// input, number rounding and range checks.
import { invalidField } from '../errors.ts';
import type { FieldModel } from '../meta/model.ts';
import type { FieldDoc } from '../schema/index.ts';

export function fail(field: FieldModel | FieldDoc, message: string, code = 'invalid_value'): never {
  const name = 'doc' in field ? field.doc.name : field.name;
  throw invalidField(name, `Field '${name}' ${message}`, code);
}

export function isEmpty(input: unknown): input is null | undefined | '' {
  return input === null || input === undefined || input === '';
}

export function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function options<T>(field: FieldModel | FieldDoc): T {
  const doc = 'doc' in field ? field.doc : field;
  return (doc.options ?? {}) as T;
}

export function round(value: number, precision: number | undefined): number {
  if (precision === undefined) return value;
  const factor = 10 ** precision;
  return Math.round((value + Number.EPSILON * Math.sign(value)) * factor) / factor;
}

export interface NumberOptions {
  precision?: number;
  min?: number;
  max?: number;
}

export function parseNumber(input: unknown, field: FieldModel, defaultPrecision?: number): number | null {
  if (isEmpty(input)) return null;
  const value = typeof input === 'number' ? input : Number.NaN;
  if (!Number.isFinite(value)) fail(field, `must be a number, got ${describe(input)}`);
  const { precision = defaultPrecision, min, max } = options<NumberOptions>(field);
  if (min !== undefined && value < min) fail(field, `must be at least ${min}, got ${value}`, 'out_of_range');
  if (max !== undefined && value > max) fail(field, `must be at most ${max}, got ${value}`, 'out_of_range');
  return round(value, precision);
}

/** Reads a number from a CSV cell, tolerating thousands separators, currency signs and %. */
export function numberFromText(text: string, field: FieldModel): number | null {
  const cleaned = text
    .trim()
    .replace(/[,\s_]/g, '')
    .replace(/^[^\d+\-.]+/, '')
    .replace(/%$/, '');
  if (cleaned === '') {
    if (text.trim() === '') return null;
    fail(field, `must be a number, got ${describe(text)}`);
  }
  const value = Number(cleaned);
  if (!Number.isFinite(value)) fail(field, `must be a number, got ${describe(text)}`);
  return value;
}

export const precisionOptions = {
  precision: { type: 'integer', minimum: 0, maximum: 10 },
  min: { type: 'number' },
  max: { type: 'number' },
} as const;

export const noOptions = { type: 'object', additionalProperties: false } as const;

export function stringOf(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

export function jsonArray(value: unknown): unknown[] | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') {
    try {
      const parsed = JSON.parse(value);
      return Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      return [value];
    }
  }
  return [value];
}
