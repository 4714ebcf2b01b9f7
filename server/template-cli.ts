// `rapport template install <name> [--app name] [--no-sample-data]` and `rapport template export <app> [file]`.
import { writeFileSync } from 'node:fs';
import { Engine, exportTemplate, installTemplate, loadTemplate, systemActor } from '../engine/index.ts';

export async function runTemplateCommand(
  dir: string,
  args: string[],
  options: { app: string | undefined; sampleData: boolean },
): Promise<number> {
  const [action, target, file] = args;
  if ((action !== 'install' && action !== 'export') || !target) {
    console.error(
      'Usage: rapport template install <name> [--app name] [--no-sample-data] | rapport template export <app> [file.json]',
    );
    return 1;
  }
  const engine = new Engine({ dataDir: dir });
  try {
    if (action === 'install') {
      const template = await loadTemplate(target);
      const app = await installTemplate(engine, systemActor, template, {
        ...(options.app ? { app: options.app } : {}),
        sampleData: options.sampleData,
      });
      console.log(`Installed '${target}' as app '${app.doc.name}' with ${app.tables.length} tables.`);
      return 0;
    }
    const json = `${JSON.stringify(await exportTemplate(engine, target), null, 2)}\n`;
    if (file) {
      writeFileSync(file, json);
      console.log(`Exported app '${target}' to ${file}`);
    } else process.stdout.write(json);
    return 0;
  } finally {
    engine.close();
  }
}
