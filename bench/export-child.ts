/**
 * One job of the export bench in a process of its own, so that its peak RSS is the job's: started by
 * bench/measure.ts as `export-child.ts <job>` (see {@link ChildJob}) when the size's process starts,
 * so that all load the same code (the control catalog among it: a catalog that changed in between
 * would make the export refuse the run). It waits for one line on stdin, `[store folder, bundle
 * path]`, does its job and prints one line with its figures.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { writeBundle } from '../lib/export/bundle.js';
import { loadSealedRun } from '../lib/export/load.js';
import { verifyBundleFile } from '../lib/export/verify-bundle.js';
import { verifyStore } from '../lib/seal/verify.js';
import { LocalFolderStore } from '../lib/store/local.js';
import { runKeys } from '../lib/store/types.js';
import { CHILD_READY_MARK, CHILD_RESULT_MARK, type ChildFigures, type ChildJob } from './export-figures.js';
import { timeAsync } from './stats.js';

const job = process.argv[2] as ChildJob;
process.stdout.write(`${CHILD_READY_MARK}\n`);
const line = await new Promise<string>((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    text += chunk;
    if (text.includes('\n')) resolve(text.split('\n')[0] as string);
  });
});
process.stdin.destroy();
const [root, out] = JSON.parse(line) as [string, string];
const baselineRss = process.memoryUsage().rss;
const store = new LocalFolderStore(root);
const runIds = await store.listRuns();
/** Figures of a job just done: taken before anything else runs in this process, so the peak is the job's. */
const figures = (ms: number): ChildFigures => ({
  ms,
  peakRss: process.resourceUsage().maxRSS * 1024,
  baselineRss,
  heapLimit: getHeapStatistics().heap_size_limit,
});

let result: object;
if (job === 'export') {
  let findings = 0;
  const ms = await timeAsync(async () => {
    findings = (await writeBundle(store, runIds, out, { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') }))
      .findings;
  });
  const done = figures(ms);
  let manifestBytes = 0;
  for (const id of runIds) manifestBytes += (await stat(join(root, runKeys.manifest(id)))).size;
  result = { ...done, bundleBytes: (await stat(out)).size, findings, manifestBytes };
} else if (job === 'load') {
  result = figures(
    await timeAsync(async () => {
      for (const id of runIds) await loadSealedRun(store, id);
    }),
  );
} else if (job === 'verify-store') {
  let ok = false;
  const ms = await timeAsync(async () => {
    ok = (await verifyStore(store)).ok;
  });
  result = { ...figures(ms), ok };
} else {
  let ok = false;
  const ms = await timeAsync(async () => {
    ok = (await verifyBundleFile(out)).ok;
  });
  result = { ...figures(ms), ok };
}
process.stdout.write(`${CHILD_RESULT_MARK}${JSON.stringify(result)}\n`);
