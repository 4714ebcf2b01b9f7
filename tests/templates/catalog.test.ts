import { describe, expect, it } from 'vitest';
import { NotFound } from '../../engine/index.ts';
import { listTemplates, loadTemplate } from '../../engine/templates/index.ts';
import { failureOf, shipped } from './builders.ts';

describe('templates: catalogue', () => {
  it('lists the shipped templates with labels and descriptions in English and Chinese', async () => {
    const templates = await listTemplates();
    expect(templates.map((t) => t.name).sort()).toEqual([...shipped].sort());
    for (const template of templates) {
      expect(template.label).toMatchObject({ en: expect.any(String), 'zh-CN': expect.any(String) });
      expect(template.description).toMatchObject({ en: expect.any(String), 'zh-CN': expect.any(String) });
    }
  });

  it('loads a template by name and refuses unknown or unsafe names', async () => {
    expect((await loadTemplate('pipeline')).name).toBe('pipeline');
    for (const name of ['nope', '../templates/customer', 'Customer'])
      expect(await failureOf(loadTemplate(name))).toBeInstanceOf(NotFound);
  });
});
