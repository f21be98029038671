/**
 * The resource tags a sealed run holds, for the ASFF findings published from it (Resources[].Tags).
 * Publishing otherwise reads no evidence record: tagging records are found among the run's
 * evidence by a cheap test of their bytes, each one checked against the manifest as it is read,
 * and reading stops once every tagging record the run's coverage counts was found. A run whose
 * coverage counts none (sealed before tags were read, or with no tagged AI resource) costs no read.
 */
import { parseEvidence } from '../evidence/record.js';
import { mayBeTaggingRecord, type RunTags, RunTagsBuilder, TAGGING_COLLECTOR } from '../evidence/resource-tags.js';
import { readItems, readRunHead, SealedRunReadError } from '../export/load.js';
import type { EvidenceStore } from '../store/types.js';

/** Makes the error publishing reports for an object it could not read (a PublishRunError). */
export type ReadFailure = (key: string, message: string, cause: unknown) => Error;

/** The tags run `runId` sealed, by resource ARN. A missing, altered or malformed object is an error made by `fail`, naming its key. */
export async function readRunTags(store: EvidenceStore, runId: string, fail: ReadFailure): Promise<RunTags> {
  const builder = new RunTagsBuilder();
  try {
    const { manifest, items } = await readRunHead(store, runId);
    let wanted = manifest.coverage.filter((c) => c.collector === TAGGING_COLLECTOR).reduce((n, c) => n + c.records, 0);
    if (wanted === 0) return builder.finish();
    for await (const { item, bytes } of readItems(store, runId, items.ofKind('evidence'))) {
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
  } catch (error) {
    if (error instanceof SealedRunReadError) throw fail(error.key, error.message, error);
    throw error;
  }
  return builder.finish();
}
