/**
 * Exports one stored run as an evidence bundle, in a process of its own so that its peak RSS is the
 * export's: started by bench/measure.ts with the store folder and the bundle path, it prints one
 * JSON line with the figures.
 */
import { stat } from 'node:fs/promises';
import { writeBundle } from '../lib/export/bundle.js';
import { loadSealedRun } from '../lib/export/load.js';
import { LocalFolderStore } from '../lib/store/local.js';
import { EXPORT_RESULT_MARK, type ExportFigures } from './export-figures.js';
import { timeAsync } from './stats.js';

const [root, out] = process.argv.slice(2) as [string, string];
const baselineRss = process.memoryUsage().rss;
const store = new LocalFolderStore(root);
const runIds = await store.listRuns();
const all = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };
const exportBundle = await timeAsync(async () => {
  await writeBundle(store, runIds, out, all);
});
const exportRss = process.resourceUsage().maxRSS * 1024;
const loadRun = await timeAsync(async () => {
  for (const id of runIds) await loadSealedRun(store, id);
});
const figures: ExportFigures = { baselineRss, loadRun, exportBundle, bundleBytes: (await stat(out)).size, peakRss: exportRss };
process.stdout.write(`${EXPORT_RESULT_MARK}${JSON.stringify(figures)}\n`);
