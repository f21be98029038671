/** What bench/export-child.ts reports to bench/measure.ts. */

export const EXPORT_RESULT_MARK = 'EXPORT_RESULT ';
/** Printed by the export process once its code is loaded. */
export const EXPORT_READY_MARK = 'EXPORT_READY';

/** Up to this many findings the export bench also runs `verifyBundle` on the bundle (it reads the whole zip into memory). */
export const VERIFY_BUNDLE_UP_TO = 50_000;

export interface ExportFigures {
  /** RSS after the imports, before anything is read. */
  baselineRss: number;
  /** loadSealedRun of the run: reading it back into memory, each object checked against the manifest. */
  loadRun: number;
  /** writeBundle of the run to a zip (it reads the run back itself, object by object). */
  exportBundle: number;
  bundleBytes: number;
  /** process.resourceUsage().maxRSS of this process right after the export, in bytes. */
  peakRss: number;
  /** Size of the run's manifest.json: the one thing the export holds that grows with the run (its item list). */
  manifestBytes: number;
  findings: number;
  /** verifyBundle(bundle).ok, or null when the bundle is too large to verify in memory (see VERIFY_BUNDLE_UP_TO). */
  bundleVerified: boolean | null;
}
