/**
 * `npm run bench:bundles`: builds each Lambda function (functions/*.ts with a `handler`) the way the
 * CDK app does (infra/function.ts: esbuild, ESM, minified, the AWS SDK bundled) and prints each
 * bundle's size (minified, without its source map) beside the 1 MB aim, with what fills it most.
 *
 *   npm run bench:bundles                 every function
 *   npm run bench:bundles -- publish      chosen functions
 *   npm run bench:bundles -- --top 15     more of the biggest inputs per bundle (default 6)
 *   npm run bench:bundles -- --markdown   also print the table as Markdown (for docs/PERFORMANCE.md)
 *   npm run bench:bundles -- --why zod    also print, per bundle, the import chain that brings in a
 *                                         package or folder (the shortest from the handler)
 *
 *   npm run bench:bundles -- --check      exit 1 when a bundle is over the aim (for CI, once all are under)
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { BUNDLE_AIM_BYTES, BUNDLE_MAIN_FIELDS, BUNDLE_TARGET, ESM_REQUIRE_BANNER } from '../infra/bundling.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The functions: every functions/*.ts that exports a handler. */
async function functionNames(): Promise<string[]> {
  const dir = join(ROOT, 'functions');
  const names: string[] = [];
  for (const file of (await readdir(dir)).sort()) {
    if (!file.endsWith('.ts')) continue;
    if (/^export const handler\b/m.test(await readFile(join(dir, file), 'utf8'))) names.push(file.slice(0, -3));
  }
  return names;
}

/** What an input file belongs to: its npm package, or its folder of this repository (lib/controls). */
function ownerOf(path: string): string {
  const nodeModules = path.lastIndexOf('node_modules/');
  if (nodeModules >= 0) {
    const parts = path.slice(nodeModules + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
  }
  const parts = path.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}/` : path;
}

interface BundleSize {
  name: string;
  bytes: number;
  top: { owner: string; bytes: number }[];
  /** The shortest import chain from the handler to the first input of the `--why` owner. */
  why?: string[];
}

/** Breadth-first over the metafile's import graph from `entry` to the first input `owner` holds. */
function chainTo(meta: Metafile, entry: string, owner: string): string[] | undefined {
  const previous = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  while (queue.length > 0) {
    const at = queue.shift() as string;
    if (at !== entry && ownerOf(at) === owner) {
      const chain: string[] = [];
      for (let p: string | null | undefined = at; p; p = previous.get(p)) chain.unshift(p);
      return chain;
    }
    for (const next of meta.inputs[at]?.imports ?? []) {
      if (next.external || previous.has(next.path)) continue;
      previous.set(next.path, at);
      queue.push(next.path);
    }
  }
  return undefined;
}

async function measure(name: string, top: number, why: string | undefined): Promise<BundleSize> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [join('functions', `${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_TARGET,
    mainFields: BUNDLE_MAIN_FIELDS,
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    tsconfig: join(ROOT, 'tsconfig.json'),
    write: false,
    outfile: join(ROOT, 'cdk.out', 'bench-bundles', name, 'index.mjs'),
    metafile: true,
    logLevel: 'warning',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild wrote no bundle for ${name}`);
  const owners = new Map<string, number>();
  const meta: Metafile = result.metafile;
  for (const out of Object.values(meta.outputs)) {
    for (const [path, input] of Object.entries(out.inputs)) {
      const owner = ownerOf(path);
      owners.set(owner, (owners.get(owner) ?? 0) + input.bytesInOutput);
    }
  }
  const ranked = [...owners].map(([owner, bytes]) => ({ owner, bytes })).sort((a, b) => b.bytes - a.bytes);
  const chain = why === undefined || !owners.get(why) ? undefined : chainTo(meta, `functions/${name}.ts`, why);
  return { name, bytes: output.contents.byteLength, top: ranked.slice(0, top), ...(chain ? { why: chain } : {}) };
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} kB`;
const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(2)} MB`;

async function main(argv: string[]): Promise<number> {
  const markdown = argv.includes('--markdown');
  const topAt = argv.indexOf('--top');
  const top = topAt >= 0 ? Number(argv[topAt + 1]) : 6;
  const whyAt = argv.indexOf('--why');
  const why = whyAt >= 0 ? argv[whyAt + 1] : undefined;
  const chosen = argv.filter((a, i) => !a.startsWith('--') && (topAt < 0 || i !== topAt + 1) && (whyAt < 0 || i !== whyAt + 1));
  const all = await functionNames();
  const unknown = chosen.filter((n) => !all.includes(n));
  if (unknown.length > 0) throw new Error(`No such function: ${unknown.join(', ')} (functions: ${all.join(', ')})`);
  const sizes: BundleSize[] = [];
  for (const name of chosen.length > 0 ? chosen : all) sizes.push(await measure(name, top, why));
  console.log(
    `Each function bundled as infra/function.ts does (esbuild, ESM, ${BUNDLE_TARGET}, minified, no source map); aim ${mb(BUNDLE_AIM_BYTES)}.`,
  );
  for (const s of sizes) {
    const verdict = s.bytes <= BUNDLE_AIM_BYTES ? 'within the aim' : `OVER the aim by ${kb(s.bytes - BUNDLE_AIM_BYTES)}`;
    console.log(`\n${s.name.padEnd(18)} ${mb(s.bytes).padStart(8)}  (aim ${mb(BUNDLE_AIM_BYTES)}: ${verdict})`);
    for (const t of s.top) console.log(`  ${kb(t.bytes).padStart(8)}  ${t.owner}`);
    if (why !== undefined) console.log(s.why ? `  ${why} comes in by: ${s.why.join(' -> ')}` : `  ${why} is not in it.`);
  }
  if (markdown) {
    console.log('\n| function | bundle (minified, no source map) | aim | biggest inputs |');
    console.log('|---|---:|---:|---|');
    for (const s of sizes) {
      const biggest = s.top
        .slice(0, 3)
        .map((t) => `${t.owner} ${kb(t.bytes)}`)
        .join(', ');
      console.log(`| ${s.name} | ${mb(s.bytes)} | ${mb(BUNDLE_AIM_BYTES)} | ${biggest} |`);
    }
  }
  return argv.includes('--check') && sizes.some((s) => s.bytes > BUNDLE_AIM_BYTES) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
