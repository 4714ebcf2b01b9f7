// Templates: ready-made apps as JSON (templates/<name>/template.json), installed in one
// transaction and exported back from any app.

export { listTemplates, loadTemplate, type TemplateSummary, templatesDir } from './catalog.ts';
export { planTemplate, type TemplatePlan } from './check.ts';
export { exportTemplate } from './export.ts';
export { type InstallOptions, installTemplate } from './install.ts';
export {
  isTemplate,
  type SampleRecord,
  type Template,
  type TemplateField,
  type TemplateRole,
  type TemplateTable,
  type TemplateTeam,
  type TemplateView,
  type TemplateWorkflow,
  templateFormatVersion,
  templateSchema,
} from './schema.ts';
