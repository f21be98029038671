/** What bench/export-child.ts reports to bench/measure.ts. */

export const EXPORT_RESULT_MARK = 'EXPORT_RESULT ';

export interface ExportFigures {
  /** RSS after the imports, before anything is read. */
  baselineRss: number;
  /** loadSealedRun of the run: reading it back into memory, each object checked against the manifest. */
  loadRun: number;
  /** writeBundle of the run to a zip (it reads the run back itself). */
  exportBundle: number;
  bundleBytes: number;
  /** process.resourceUsage().maxRSS of this process, in bytes. */
  peakRss: number;
}
