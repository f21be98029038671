/**
 * The resource tags a sealed run holds, for the ASFF findings published from it (Resources[].Tags).
 * Publishing otherwise reads no evidence record: tagging records are found among the run's
 * evidence (either format, through readRunItems) by a cheap test of their bytes, each one checked
 * as it is read, and reading stops once every tagging record the run's coverage counts was found.
 * A run whose coverage counts none (sealed before tags were read, or with no tagged AI resource)
 * costs no read.
 */
import type { CoverageEntry } from '../evidence/coverage.js';
import { parseEvidence } from '../evidence/record.js';
import { mayBeTaggingRecord, type RunTags, RunTagsBuilder, TAGGING_COLLECTOR } from '../evidence/resource-tags.js';
import { readRunItems, type SealedRunHead, SealedRunReadError } from '../export/load.js';
import type { EvidenceStore } from '../store/types.js';

/**
 * The tags the run of `head` sealed, by resource ARN; `coverage` is the run's (which counts the
 * tagging records). A missing, altered or malformed object throws SealedRunReadError naming its key.
 */
export async function readRunTags(store: EvidenceStore, head: SealedRunHead, coverage: readonly CoverageEntry[]): Promise<RunTags> {
  const builder = new RunTagsBuilder();
  let wanted = coverage.filter((c) => c.collector === TAGGING_COLLECTOR).reduce((n, c) => n + c.records, 0);
  if (wanted === 0) return builder.finish();
  for await (const { item, bytes } of readRunItems(store, head, ['evidence'])) {
    if (!mayBeTaggingRecord(bytes)) continue;
    let record: ReturnType<typeof parseEvidence>;
    try {
      record = parseEvidence(bytes.toString('utf8'), item.key);
    } catch (error) {
      throw new SealedRunReadError(item.key, `${item.key} is not a valid evidence record: ${(error as Error).message}`, { cause: error });
    }
    if (record.source.collector !== TAGGING_COLLECTOR) continue;
    builder.add(record);
    if (--wanted === 0) break;
  }
  return builder.finish();
}
