// `rapport template install|export` — wired to the template installer once it lands.
export async function runTemplateCommand(
  _dir: string,
  _args: string[],
  _options: { app: string | undefined; sampleData: boolean },
): Promise<number> {
  console.error('Templates are not available in this build yet.');
  return 1;
}
