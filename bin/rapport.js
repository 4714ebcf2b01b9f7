#!/usr/bin/env node
// The `rapport` command. TypeScript runs directly through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../server/cli.ts');
await run(process.argv.slice(2));
