/**
 * `npm run build` (run by `npm pack` and `npm publish` through `prepack`): lib/ as JavaScript in
 * dist/, the same tree (dist/cli/main.js is lib/cli/main.ts), so that bin/ai-evidence.js runs on
 * plain Node 20 without tsx. Each file is transpiled on its own by esbuild (no bundling: the CLI
 * imports each command's code when the command runs); `npm run typecheck` is what checks the types.
 * The files lib/ reads at run time that are not TypeScript (the demo estate, its attestations and
 * trust list, the frameworks' data) are copied beside them; lib/version.ts's `../package.json` is
 * the package's own from dist/ as from lib/.
 */
import { cp, readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LIB = join(ROOT, 'lib');
const DIST = join(ROOT, 'dist');

const files = (await readdir(LIB, { recursive: true, withFileTypes: true }))
  .filter((f) => f.isFile())
  .map((f) => join(f.parentPath, f.name));
const sources = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
const assets = files.filter((f) => !f.endsWith('.ts'));

await rm(DIST, { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: sources,
  outbase: LIB,
  outdir: DIST,
  bundle: false,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Node 20 takes JSON modules only with their attribute; esbuild drops it for node20 unless told Node has it.
  supported: { 'import-attributes': true },
  sourcemap: false,
  logLevel: 'warning',
});
for (const asset of assets) await cp(asset, join(DIST, relative(LIB, asset)));
console.log(`dist/: ${sources.length} modules compiled, ${assets.length} data files copied`);
