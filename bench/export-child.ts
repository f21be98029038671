/**
 * Exports one stored run as an evidence bundle, in a process of its own so that its peak RSS is the
 * export's: started by bench/measure.ts with the store folder and the bundle path, it prints one
 * JSON line with the figures.
 */
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeBundle } from '../lib/export/bundle.js';
import { loadSealedRun } from '../lib/export/load.js';
import { verifyBundle } from '../lib/export/verify-bundle.js';
import { LocalFolderStore } from '../lib/store/local.js';
import { runKeys } from '../lib/store/types.js';
import { EXPORT_READY_MARK, EXPORT_RESULT_MARK, type ExportFigures, VERIFY_BUNDLE_UP_TO } from './export-figures.js';
import { timeAsync } from './stats.js';

// Started when the size process starts, so that both load the same code (the control catalog
// among it: a catalog that changed in between would make the export refuse the run); it waits for
// one line on stdin, `<store folder> <bundle path> <findings>`, before it does anything.
process.stdout.write(`${EXPORT_READY_MARK}\n`);
const line = await new Promise<string>((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    text += chunk;
    if (text.includes('\n')) resolve(text.split('\n')[0] as string);
  });
});
process.stdin.destroy();
const [root, out, findingsArg] = JSON.parse(line) as [string, string, string];
const baselineRss = process.memoryUsage().rss;
const store = new LocalFolderStore(root);
const runIds = await store.listRuns();
const all = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };
let findings = 0;
const exportBundle = await timeAsync(async () => {
  findings = (await writeBundle(store, runIds, out, all)).findings;
});
// Taken before anything else runs in this process: the peak is the export's.
const peakRss = process.resourceUsage().maxRSS * 1024;
let manifestBytes = 0;
for (const id of runIds) manifestBytes += (await stat(join(root, runKeys.manifest(id)))).size;
const loadRun = await timeAsync(async () => {
  for (const id of runIds) await loadSealedRun(store, id);
});
// `verify bundle.zip` still reads the whole zip into memory: checked where that fits.
const bundleVerified = Number(findingsArg) <= VERIFY_BUNDLE_UP_TO ? verifyBundle(readFileSync(out), out).ok : null;
const figures: ExportFigures = {
  baselineRss,
  loadRun,
  exportBundle,
  bundleBytes: (await stat(out)).size,
  peakRss,
  manifestBytes,
  findings,
  bundleVerified,
};
process.stdout.write(`${EXPORT_RESULT_MARK}${JSON.stringify(figures)}\n`);
