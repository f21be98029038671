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

/**
 * V8's old space of the export process, in MiB: the export must finish within it at every size,
 * so a change that makes it hold much more (the whole run, as it once did) stops the bench with
 * "heap out of memory". It is a ceiling, not a constant bound: the export still keeps a little per
 * object (manifest digests, one entry per resource for OSCAL), so at 100k notebooks it needs more
 * than 256 MiB (docs/PERFORMANCE.md).
 */
export const EXPORT_HEAP_LIMIT_MIB = 512;
