import { RunAttestations } from '../attestations/run.js';
import { catalog as toolCatalog } from '../controls/index.js';
import type { Control, Finding, FindingStatus } from '../controls/types.js';
import type { CoverageEntry } from '../evidence/coverage.js';
import { describeRun, parseItem, readRunHead, readRunItems, type SealedRunHead } from '../export/load.js';
import type { ShardManifest } from '../seal/shard.js';
import { type VerifyReport, verifyStore } from '../seal/verify.js';
import { type EvidenceStore, ObjectNotFoundError, runKeys } from '../store/types.js';
import { getOrCreate } from '../util/maps.js';
import { assembleDiff, type DiffRun } from './diff.js';
import { DiffError, FindingDiff } from './findings.js';
import type { RunDiff } from './schema.js';

export { DiffError };

/** The diff was refused because the store, or one of the two runs, does not verify. */
export class DiffRefusedError extends Error {
  constructor(
    message: string,
    readonly verification: VerifyReport,
  ) {
    super(message);
    this.name = 'DiffRefusedError';
  }
}

/** The bytes `"collector":"attestations` that every attestation and trust-list record holds in its canonical JSON. */
const ATTESTATION_MARK = Buffer.from('"collector":"attestations');

/**
 * Reads one run's findings (giving each to `onFinding`), counts them per control and gathers its
 * attestations and, for a sharded run, its coverage from the shard manifests the walk reads anyway.
 */
async function readRun(store: EvidenceStore, head: SealedRunHead, onFinding: (f: Finding) => void): Promise<DiffRun> {
  const byControl = new Map<string, Record<FindingStatus, number>>();
  const attestations = new RunAttestations();
  const coverage: CoverageEntry[] = [];
  let findingCount = 0;
  // The run is walked, never copied: a v1 run a few objects at a time, a v2 run one pack at a time.
  const onShard = (shard: ShardManifest) => coverage.push(...shard.coverage);
  for await (const { item, bytes } of readRunItems(store, head, ['evidence', 'finding'], { onShard })) {
    // Only attestations and the trust list bear on the roll-up: other evidence is not parsed.
    if (item.kind === 'evidence' && !bytes.includes(ATTESTATION_MARK)) continue;
    const parsed = parseItem(item, bytes);
    if (parsed.kind === 'evidence') {
      attestations.add(parsed.evidence.record, parsed.evidence.sha256);
      continue;
    }
    const { finding } = parsed.finding;
    findingCount++;
    getOrCreate(byControl, finding.controlId, () => ({ PASS: 0, FAIL: 0, NOT_APPLICABLE: 0, INSUFFICIENT_EVIDENCE: 0 }))[finding.status] +=
      1;
    onFinding(finding);
  }
  return {
    runId: head.runId,
    manifest: describeRun(head, coverage),
    statementSha256: head.statementSha256,
    findingCount,
    byControl,
    attestations: attestations.finish().attestations,
  };
}

async function* findingsOf(store: EvidenceStore, head: SealedRunHead): AsyncGenerator<Finding> {
  for await (const { item, bytes } of readRunItems(store, head, ['finding'])) {
    const parsed = parseItem(item, bytes);
    if (parsed.kind === 'finding') yield parsed.finding.finding;
  }
}

/**
 * The diff of two sealed runs of a store, `before` to `after`: their findings streamed (the run
 * before is read twice, the run after once), their coverage from their manifests (v2: their shards'), their roll-up
 * from their counts per control and sealed attestations. It does not verify them: see
 * {@link verifiedDiff}.
 */
export async function diffStoredRuns(
  store: EvidenceStore,
  before: string,
  after: string,
  options: { catalog?: readonly Control[]; limit?: number } = {},
): Promise<RunDiff> {
  const findings = new FindingDiff(options.limit === undefined ? {} : { limit: options.limit });
  const [headBefore, headAfter] = [await readRunHead(store, before), await readRunHead(store, after)];
  const runBefore = await readRun(store, headBefore, (f) => findings.addBefore(f));
  const runAfter = await readRun(store, headAfter, (f) => findings.addAfter(f));
  for await (const f of findingsOf(store, headBefore)) findings.addBeforeAgain(f);
  return assembleDiff(runBefore, runAfter, findings.finish(), options.catalog ?? toolCatalog);
}

async function isComplete(store: EvidenceStore, runId: string): Promise<boolean> {
  try {
    await store.get(runKeys.statement(runId));
    return true;
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return false;
    throw error;
  }
}

/**
 * The two runs to compare: those named, or without `after` the newest complete run of the store,
 * and without `before` the complete run before `after` (so by default the last two complete runs).
 */
export async function chooseRuns(store: EvidenceStore, before?: string, after?: string): Promise<{ before: string; after: string }> {
  const runs = await store.listRuns();
  const named = [before, after].filter((r): r is string => r !== undefined);
  for (const runId of named) {
    if (!runs.includes(runId)) throw new DiffError(`${store.location} holds no run ${runId}.`);
    if (!(await isComplete(store, runId)))
      throw new DiffError(`Run ${runId} of ${store.location} is incomplete (it has no signed statement): it claims nothing to compare.`);
  }
  if (before !== undefined && after !== undefined) {
    if (before === after) throw new DiffError(`Give two different runs to compare, not ${before} twice.`);
    return { before, after };
  }
  const complete: string[] = [];
  for (let i = runs.length - 1; i >= 0 && complete.length < 2; i--) {
    const runId = runs[i] as string;
    if (runId !== before && (await isComplete(store, runId))) complete.push(runId);
  }
  if (before !== undefined) {
    const newest = complete[0];
    if (newest === undefined) throw new DiffError(`${store.location} holds no complete run other than ${before} to compare it with.`);
    return { before, after: newest };
  }
  const [newest, previous] = complete;
  if (newest === undefined || previous === undefined) {
    throw new DiffError(`${store.location} holds ${complete.length} complete run(s): a diff needs two.`);
  }
  return { before: previous, after: newest };
}

/** A problem of the verification, as one line. */
function problemLine(p: VerifyReport['problems'][number]): string {
  return p.object === undefined || p.message.includes(p.object) ? p.message : `${p.object}: ${p.message}`;
}

/**
 * Verifies the store (the two runs in full, the others by their signed statements and chain links,
 * incomplete runs allowed as `export` does) and only then diffs the two runs. A store or run that
 * does not verify is refused with {@link DiffRefusedError}, whose message names the problems.
 */
export async function verifiedDiff(
  store: EvidenceStore,
  options: { before?: string; after?: string; publicKey?: Uint8Array | string; publicKeySource?: string } = {},
): Promise<{ diff: RunDiff; verification: VerifyReport }> {
  const runs = await chooseRuns(store, options.before, options.after);
  const both = new Set([runs.before, runs.after]);
  const verification = await verifyStore(store, {
    ...(options.publicKey === undefined ? {} : { publicKey: options.publicKey }),
    ...(options.publicKeySource === undefined ? {} : { publicKeySource: options.publicKeySource }),
    allowIncomplete: true,
    inFull: ({ runId }) => both.has(runId),
  });
  if (!verification.ok) {
    const own = verification.problems.filter((p) => p.runId !== undefined && both.has(p.runId));
    const shown = (own.length > 0 ? own : verification.problems).slice(0, 5).map(problemLine);
    const more = (own.length > 0 ? own : verification.problems).length - shown.length;
    const subject =
      own.length > 0
        ? `Run ${[...new Set(own.map((p) => p.runId))].join(' and run ')} does not verify`
        : `${store.location} does not verify`;
    throw new DiffRefusedError(
      `${subject}, so it is not compared: ${shown.join(' ')}${more > 0 ? ` (and ${more} more problem(s))` : ''}`,
      verification,
    );
  }
  const diff = await diffStoredRuns(store, runs.before, runs.after);
  return { diff, verification };
}
