/**
 * `npm run bench`: synthetic estates of 1k, 10k and 100k notebook instances. Each size is measured in
 * its own child process (so the peak RSS is that size's), and every figure is printed beside what it
 * is compared to in the same run.
 *
 *   npm run bench                      all three sizes
 *   npm run bench -- 1000 10000        chosen sizes
 *   npm run bench -- --markdown        also print the table as Markdown (for docs/PERFORMANCE.md)
 *   npm run bench -- --json FILE       also write the raw results as JSON
 *   npm run bench -- --no-store        skip the store, verify and export figures (they take most of the time)
 *   npm run bench -- --export-only     only what the export needs (build, seal, one store round) and the export
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { EXPORT_OLD_SPACE_MIB } from './export-figures.js';
import type { SizeResult } from './measure.js';

const RESULT_MARK = 'BENCH_RESULT ';
/** Wall time of each size's child process, in seconds. */
const walls = new WeakMap<SizeResult, number>();
const DEFAULT_SIZES = [1_000, 10_000, 100_000];

async function child(size: number, store: boolean, exportOnly: boolean): Promise<void> {
  const { measureSize } = await import('./measure.js');
  const result = await measureSize(size, { store, exportOnly });
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
}

function runChild(size: number, store: boolean, exportOnly: boolean): Promise<SizeResult> {
  return new Promise((resolve, reject) => {
    const args = [
      ...process.execArgv,
      fileURLToPath(import.meta.url),
      '--size',
      String(size),
      ...(store ? [] : ['--no-store']),
      ...(exportOnly ? ['--export-only'] : []),
    ];
    const proc = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    proc.on('error', reject);
    proc.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (code !== 0 || line === undefined) {
        reject(new Error(`The bench of ${size} notebooks exited with code ${code}:\n${out}`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_MARK.length)) as SizeResult);
    });
  });
}

const NOT_MEASURED = '-';

function heapLimit(figures: { heapLimit: number } | null | undefined): string {
  return figures ? `${Math.round(figures.heapLimit / 2 ** 20)} MiB` : NOT_MEASURED;
}
// A figure that was not measured is NaN, which JSON carries from the child as null.
const measured = (v: number | null): v is number => v !== null && !Number.isNaN(v);
const ms = (v: number) => (!measured(v) ? NOT_MEASURED : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const ratio = (a: number, b: number) => (!measured(a) || !measured(b) ? NOT_MEASURED : `${(a / b).toFixed(2)}x`);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const perSecond = (count: number, millis: number) => `${Math.round(count / (millis / 1000)).toLocaleString('en-US')}/s`;
const sizeName = (n: number) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));

type Row = [label: string, value: (r: SizeResult) => string];

/** The rows of the results table: each figure, then what it is compared to, then the ratio. */
const ROWS: Row[] = [
  ['notebooks / evidence records / findings', (r) => `${r.notebooks} / ${r.evidence} / ${r.findings}`],
  ['stored objects / bytes', (r) => `${r.objects} / ${mib(r.storedBytes)}`],
  ['build records with makeEvidence (ms)', (r) => ms(r.ms.build)],
  ['canonicalJson of every record and finding (ms)', (r) => ms(r.ms.canonicalJson)],
  ['  JSON.stringify of the same (ms)', (r) => ms(r.ms.jsonStringify)],
  ['  canonicalize library on the same (ms)', (r) => ms(r.ms.canonicalizeLibrary)],
  ['  canonicalJson / JSON.stringify (aim <= 1.5x)', (r) => ratio(r.ms.canonicalJson, r.ms.jsonStringify)],
  ['  library / JSON.stringify', (r) => ratio(r.ms.canonicalizeLibrary, r.ms.jsonStringify)],
  ['  canonicalJson output equals the library', (r) => (r.canonicalMatchesLibrary ? 'yes' : 'NO')],
  ['seal from bytes: sha256Hex each + sealRun (ms)', (r) => ms(r.ms.sealFromBytes)],
  ['  of which sealRun (ms)', (r) => ms(r.ms.sealRun)],
  ['  floor: one SHA-256 of each object (ms)', (r) => ms(r.ms.hashFloor)],
  ['  seal / floor (aim <= 1.5x)', (r) => ratio(r.ms.sealFromBytes, r.ms.hashFloor)],
  ['seal from records: sealEvidence + findings + sealRun (ms)', (r) => ms(r.ms.sealEndToEnd)],
  ['  floor: JSON.stringify + one SHA-256 of each (ms)', (r) => ms(r.ms.stringifyAndHashFloor)],
  ['  seal / floor', (r) => ratio(r.ms.sealEndToEnd, r.ms.stringifyAndHashFloor)],
  ['evaluate, all 7 controls (ms)', (r) => ms(r.ms.evaluate)],
  ['  findings/s', (r) => perSecond(r.findings, r.ms.evaluate)],
  ['  JSON.stringify of the findings (ms)', (r) => ms(r.ms.stringifyFindings)],
  ['  evaluate / stringify', (r) => ratio(r.ms.evaluate, r.ms.stringifyFindings)],
  ['store: storeSealedRun to a LocalFolderStore (ms)', (r) => ms(r.ms.store)],
  ['  floor: fs.writeFile of each object, 16 at a time (ms)', (r) => ms(r.ms.writeFloor)],
  ['  store / floor', (r) => ratio(r.ms.store, r.ms.writeFloor)],
  ['verify: verifyStore (ms)', (r) => ms(r.ms.verify)],
  ['  floor: fs.readFileSync of each object in turn (ms)', (r) => ms(r.ms.readFloor)],
  ['  verify / floor', (r) => ratio(r.ms.verify, r.ms.readFloor)],
  ['  verify report ok', (r) => (!measured(r.ms.verify) ? NOT_MEASURED : r.verifyOk ? 'yes' : 'NO')],
  [
    `export: writeBundle of the stored run to a zip, V8 old space capped at ${EXPORT_OLD_SPACE_MIB} MiB (ms)`,
    (r) => ms(r.export?.export?.ms ?? Number.NaN),
  ],
  ['  compared to: loadSealedRun of the run, uncapped (ms)', (r) => ms(r.export?.load?.ms ?? Number.NaN)],
  ['  export / loadSealedRun', (r) => ratio(r.export?.export?.ms ?? Number.NaN, r.export?.load?.ms ?? Number.NaN)],
  ['  bundle size', (r) => (r.export?.export ? mib(r.export.export.bundleBytes) : NOT_MEASURED)],
  ['  peak RSS of the export process', (r) => (r.export?.export ? mib(r.export.export.peakRss) : NOT_MEASURED)],
  ['  RSS of that process after imports', (r) => (r.export?.export ? mib(r.export.export.baselineRss) : NOT_MEASURED)],
  [
    '  peak minus that: what the export added',
    (r) => (r.export?.export ? mib(r.export.export.peakRss - r.export.export.baselineRss) : NOT_MEASURED),
  ],
  ['  compared to: peak RSS of loadSealedRun (holds the run)', (r) => (r.export?.load ? mib(r.export.load.peakRss) : NOT_MEASURED)],
  [
    '  compared to: stored run / its manifest.json',
    (r) => (r.export?.export ? `${mib(r.storedBytes)} / ${mib(r.export.export.manifestBytes)}` : NOT_MEASURED),
  ],
  ['  V8 heap limit of the export process / of loadSealedRun', (r) => `${heapLimit(r.export?.export)} / ${heapLimit(r.export?.load)}`],
  [
    'verify the store first, as `ai-evidence export` does: verifyStore in its own process (ms)',
    (r) => ms(r.export?.verifyStore?.ms ?? Number.NaN),
  ],
  [
    "  peak RSS of that process (it holds one run's evidence to re-evaluate it)",
    (r) => (r.export?.verifyStore ? mib(r.export.verifyStore.peakRss) : NOT_MEASURED),
  ],
  ['verify bundle.zip: verifyBundle (ms)', (r) => ms(r.export?.verify?.ms ?? Number.NaN)],
  ['  bundle verifies', (r) => (r.export?.verify == null ? NOT_MEASURED : r.export.verify.ok ? 'yes' : 'NO')],
  ['  peak RSS of the verify process', (r) => (r.export?.verify ? mib(r.export.verify.peakRss) : NOT_MEASURED)],
  ['peak RSS (maxRSS of the size process)', (r) => mib(r.peakRss)],
  ['  RSS after imports, before the estate', (r) => mib(r.baselineRss)],
  ['timing: in-memory reps / store+verify reps (median)', (r) => `${r.reps} / ${r.ioReps}`],
  ['wall time of this size, all reps (s)', (r) => walls.get(r)?.toFixed(0) ?? NOT_MEASURED],
];

function textTable(results: SizeResult[]): string {
  const header = ['', ...results.map((r) => sizeName(r.notebooks))];
  const body = ROWS.map(([label, value]) => [label, ...results.map(value)]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), ...body.map(line)].join('\n');
}

function markdownTable(results: SizeResult[]): string {
  const header = `| | ${results.map((r) => `${sizeName(r.notebooks)} notebooks`).join(' | ')} |`;
  const rule = `|---|${results.map(() => '---:').join('|')}|`;
  const body = ROWS.map(([label, value]) => `| ${label.replace(/^ {2}/, '&nbsp;&nbsp;')} | ${results.map(value).join(' | ')} |`);
  return [header, rule, ...body].join('\n');
}

function machine(): string {
  return [
    `node ${process.version} on ${process.platform}/${process.arch}`,
    `${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'})`,
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB memory`,
  ].join(', ');
}

async function main(argv: string[]): Promise<void> {
  const sizeFlag = argv.indexOf('--size');
  const store = !argv.includes('--no-store');
  const exportOnly = argv.includes('--export-only');
  if (sizeFlag >= 0) return child(Number(argv[sizeFlag + 1]), store, exportOnly);

  const markdown = argv.includes('--markdown');
  const jsonIndex = argv.indexOf('--json');
  const jsonPath = jsonIndex >= 0 ? argv[jsonIndex + 1] : undefined;
  const sizes = argv.filter((a, i) => /^\d+$/.test(a) && (jsonIndex < 0 || i !== jsonIndex + 1)).map(Number);
  const chosen = sizes.length > 0 ? sizes : DEFAULT_SIZES;

  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(`ai-evidence bench: ${machine()}`);
  console.log(`load average at start: ${load()} (other processes on the machine slow every figure alike)`);
  const results: SizeResult[] = [];
  for (const size of chosen) {
    const started = performance.now();
    process.stderr.write(`measuring ${sizeName(size)} notebooks... `);
    const result = await runChild(size, store, exportOnly);
    walls.set(result, (performance.now() - started) / 1000);
    results.push(result);
    process.stderr.write(`${walls.get(result)?.toFixed(1)} s\n`);
  }
  console.log(`load average at end: ${load()}`);
  if (jsonPath !== undefined) await writeFile(jsonPath, `${JSON.stringify({ machine: machine(), results }, null, 2)}\n`);
  console.log();
  console.log(textTable(results));
  if (markdown) {
    console.log();
    console.log(markdownTable(results));
  }
  if (
    results.some((r) => !r.canonicalMatchesLibrary || !r.verifyOk || r.export?.verify?.ok === false || r.export?.verifyStore?.ok === false)
  ) {
    console.error('A correctness check failed: see the rows marked NO.');
    process.exitCode = 1;
  }
  if (results.some((r) => r.export !== null && r.export.export === null)) {
    console.error(
      `An export failed (its error is above): it must complete under its ${EXPORT_OLD_SPACE_MIB} MiB old-space ceiling at every size.`,
    );
    process.exitCode = 1;
  }
}

await main(process.argv.slice(2));
