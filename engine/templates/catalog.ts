// The templates shipped in templates/<name>/template.json: listing them for the gallery and
// loading one by name. Parsed files are kept while their modification time stays the same.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Invalid, notFound } from '../errors.ts';
import type { Label } from '../schema/index.ts';
import { isTemplate, type Template } from './schema.ts';

/** templates/ at the root of the repository (or package). */
export const templatesDir = fileURLToPath(new URL('../../templates/', import.meta.url));

export interface TemplateSummary {
  name: string;
  label: Label;
  description: Label;
  icon?: string;
}

const cache = new Map<string, { mtimeMs: number; template: Template }>();
const templateName = /^[a-z][a-z0-9_]{0,62}$/;

/** Every template in `dir`, by name. */
export async function listTemplates(dir = templatesDir): Promise<TemplateSummary[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((e) => e.isDirectory() && templateName.test(e.name))
    .map((e) => e.name)
    .sort();
  const summaries: TemplateSummary[] = [];
  for (const name of names) {
    const template = await readTemplate(join(dir, name, 'template.json'), name).catch(() => undefined);
    if (!template) continue;
    const { label, description, icon } = template;
    summaries.push(icon ? { name, label, description, icon } : { name, label, description });
  }
  return summaries;
}

/** The template named `name`; NotFound when there is none. Its schema is checked, its names at install. */
export async function loadTemplate(name: string, dir = templatesDir): Promise<Template> {
  if (!templateName.test(name)) throw notFound('Template', name);
  const template = await readTemplate(join(dir, name, 'template.json'), name);
  if (!template) throw notFound('Template', name);
  return template;
}

async function readTemplate(file: string, name: string): Promise<Template | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const cached = cache.get(file);
  if (cached && cached.mtimeMs === info.mtimeMs) return cached.template;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Invalid(
      'invalid_template',
      `Template '${name}' is not valid JSON: ${(error as Error).message}`,
    );
  }
  isTemplate.assert(parsed, `template '${name}'`);
  cache.set(file, { mtimeMs: info.mtimeMs, template: parsed });
  return parsed;
}
