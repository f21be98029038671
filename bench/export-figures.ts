/** What the export bench's child processes (bench/export-child.ts) report to bench/measure.ts. */

export const CHILD_RESULT_MARK = 'EXPORT_RESULT ';
/** Printed by a child process once its code is loaded. */
export const CHILD_READY_MARK = 'EXPORT_READY';

/**
 * V8's old-space ceiling for the export process, the same at every size: the export's live heap must
 * not grow with the run, so a run ten times larger must export under the same ceiling. The export's
 * live heap is about 50 MiB at 10k and at 100k notebooks, of which about 40 MiB is the loaded code
 * (see docs/PERFORMANCE.md). Off-heap memory (the Buffers of the item list and the Merkle tree) is
 * not under this ceiling: the peak RSS shows it.
 */
export const EXPORT_OLD_SPACE_MIB = 96;

/**
 * What each child process does: export the run, read it whole for comparison, verify the store (what
 * `ai-evidence export` does before it writes: signatures, every object, re-evaluation), or verify the bundle.
 */
export type ChildJob = 'export' | 'load' | 'verify-store' | 'verify';

/** One child process's figures: its time, its peak RSS and its RSS after its imports. */
export interface ChildFigures {
  ms: number;
  /** process.resourceUsage().maxRSS right after the job, in bytes. */
  peakRss: number;
  /** RSS after the imports, before the job. */
  baselineRss: number;
  /** V8's heap size limit in this process (v8.getHeapStatistics().heap_size_limit). */
  heapLimit: number;
}

export interface ExportFigures {
  /** writeBundle of the run to a zip under {@link EXPORT_OLD_SPACE_MIB}; null when it failed (the reason is printed). */
  export: (ChildFigures & { bundleBytes: number; findings: number; manifestBytes: number }) | null;
  /** loadSealedRun of the run: reading it whole into memory, each object checked against the manifest. */
  load: ChildFigures | null;
  /** verifyStore of the store, uncapped; null when it failed. */
  verifyStore: (ChildFigures & { ok: boolean }) | null;
  /** verifyBundle of the bundle; null when not run. */
  verify: (ChildFigures & { ok: boolean }) | null;
}
