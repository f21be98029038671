#!/usr/bin/env node
// Runs the compiled CLI (dist/, made by `npm run build`, which `npm pack` runs) on plain Node.
// In a clone without a build, `npm run cli -- <command>` runs the TypeScript through tsx instead.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('ai-evidence: dist/ is missing: run `npm run build` first (or `npm run cli -- <command>` in a clone).\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
