import { type AttestationOfRun, RunAttestations } from '../attestations/run.js';
import type { SealedTrustList } from '../attestations/trust.js';
import { FINDING_STATUSES, type FindingStatus } from '../controls/types.js';
import type { FindingDiff } from '../diff/findings.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { type RunTags, RunTagsBuilder } from '../evidence/resource-tags.js';
import { Smallest } from '../util/smallest.js';
import type { EvidenceLookup, RunDescription, SealedFinding } from './load.js';

export { Smallest };

/**
 * What the HTML report shows of a run, gathered one finding at a time: counts, and bounded lists of
 * the findings it shows. Memory per run is fixed by the list limits, not by the run's size; only the
 * comparison of the last two runs ({@link FindingDiff}) keeps two 16-byte digests per finding.
 */
export interface ReportRun {
  readonly runId: string;
  readonly manifest: RunDescription;
  readonly statementSha256: string;
  readonly evidenceCount: number;
  readonly findingCount: number;
  readonly counts: Record<FindingStatus, number>;
  /** Findings per control id and status. */
  readonly byControl: ReadonlyMap<string, Record<FindingStatus, number>>;
  /** The first evidence record in manifest order, for the example in "How to verify". */
  readonly firstEvidence: { key: string; sha256: string } | undefined;
  /** The findings the evidence section shows: worst status first, then by key; at most `maxShown`. */
  readonly shown: readonly SealedFinding[];
  /** Evidence cited by the shown findings that the run holds: SHA-256 to key, sorted by key. */
  readonly cited: ReadonlyMap<string, string>;
  /** INSUFFICIENT_EVIDENCE findings by control, account, region and resource; at most `maxListed`. */
  readonly insufficient: readonly SealedFinding[];
  /** FAIL findings of each control by account, region and resource, at most `maxFailing` each; kept for the latest run only. */
  readonly failing: ReadonlyMap<string, { shown: readonly SealedFinding[]; total: number }>;
  /** The signed manual attestations sealed with the run, re-opened, checked and judged against its sealed trust list. */
  readonly attestations: readonly AttestationOfRun[];
  /** The trust list of attester keys sealed with the run; undefined for a run sealed before trust lists (none of its attestations counts). */
  readonly trustList: SealedTrustList | undefined;
  /** The tags the run sealed (collector `tagging.ai-resources`), by resource ARN: context shown beside a resource, never judged. */
  readonly tags: RunTags;
}

export interface ReportLimits {
  maxShown: number;
  maxListed: number;
  maxFailing: number;
}

const STATUS_RANK: Record<FindingStatus, number> = { FAIL: 0, INSUFFICIENT_EVIDENCE: 1, PASS: 2, NOT_APPLICABLE: 3 };

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Gathers a {@link ReportRun} from the run's evidence keys and findings, one at a time, in manifest order. */
export class ReportRunBuilder {
  private evidenceCount = 0;
  private findingCount = 0;
  private readonly counts = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as Record<FindingStatus, number>;
  private readonly byControl = new Map<string, Record<FindingStatus, number>>();
  private firstEvidence: { key: string; sha256: string } | undefined;
  private readonly attestations = new RunAttestations();
  private readonly tags = new RunTagsBuilder();
  private readonly shown: Smallest<SealedFinding>;
  private readonly insufficient: Smallest<SealedFinding>;
  private readonly failing = new Map<string, Smallest<SealedFinding>>();
  /** What a finding cites, resolved when it was added (v2: in its own shard); let go with the finding. */
  private readonly citedOf = new WeakMap<SealedFinding, [sha256: string, key: string][]>();

  constructor(
    private readonly run: { runId: string; manifest: RunDescription; statementSha256: string },
    private readonly limits: ReportLimits,
    /** Whether this is the latest run (its failing findings are listed) or the one before, whose findings the diff of the two reads. */
    private readonly role: { latest: boolean; previous: boolean; changes: FindingDiff | undefined },
  ) {
    this.shown = new Smallest(
      limits.maxShown,
      (a, b) => STATUS_RANK[a.finding.status] - STATUS_RANK[b.finding.status] || compare(a.key, b.key),
    );
    this.insufficient = new Smallest(limits.maxListed, (a, b) =>
      compare(
        `${a.finding.controlId}/${a.finding.accountId}/${a.finding.region}/${a.finding.resource.id}`,
        `${b.finding.controlId}/${b.finding.accountId}/${b.finding.region}/${b.finding.resource.id}`,
      ),
    );
  }

  addEvidence(evidence: { key: string; sha256: string; record?: EvidenceRecord }): void {
    if (this.firstEvidence === undefined) this.firstEvidence = { key: evidence.key, sha256: evidence.sha256 };
    if (evidence.record !== undefined) {
      this.attestations.add(evidence.record, evidence.sha256);
      this.tags.add(evidence.record);
    }
    this.evidenceCount++;
  }

  /**
   * Adds a finding. With `evidenceKey`, what it cites is resolved now, by that lookup: a v2 walk's
   * lookup of the finding's own shard, valid only while the walk is there. Without, at {@link finish}.
   */
  addFinding(sealed: SealedFinding, evidenceKey?: EvidenceLookup): void {
    const { finding } = sealed;
    if (evidenceKey !== undefined) {
      const cited: [string, string][] = [];
      for (const sha of finding.evidence) {
        const key = evidenceKey(sha);
        if (key !== undefined) cited.push([sha, key]);
      }
      this.citedOf.set(sealed, cited);
    }
    this.findingCount++;
    this.counts[finding.status] += 1;
    let perControl = this.byControl.get(finding.controlId);
    if (perControl === undefined) {
      perControl = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as Record<FindingStatus, number>;
      this.byControl.set(finding.controlId, perControl);
    }
    perControl[finding.status] += 1;
    this.shown.add(sealed);
    if (finding.status === 'INSUFFICIENT_EVIDENCE') this.insufficient.add(sealed);
    if (this.role.latest && finding.status === 'FAIL') {
      let list = this.failing.get(finding.controlId);
      if (list === undefined) {
        list = new Smallest(this.limits.maxFailing, (a, b) =>
          compare(
            `${a.finding.accountId}/${a.finding.region}/${a.finding.resource.id}`,
            `${b.finding.accountId}/${b.finding.region}/${b.finding.resource.id}`,
          ),
        );
        this.failing.set(finding.controlId, list);
      }
      list.add(sealed);
    }
    if (this.role.previous) this.role.changes?.addBefore(finding);
    if (this.role.latest) this.role.changes?.addAfter(finding);
  }

  /**
   * The run, once every object was added; `evidenceKey` gives the key of an evidence record of the
   * run, or undefined, for the findings added without a lookup of their own (v1: one for the run).
   */
  finish(evidenceKey: EvidenceLookup = () => undefined): ReportRun {
    const cited = new Map<string, string>();
    for (const sealed of this.shown.items) {
      const resolved = this.citedOf.get(sealed);
      if (resolved !== undefined) {
        for (const [sha, key] of resolved) cited.set(sha, key);
        continue;
      }
      for (const sha of sealed.finding.evidence) {
        const key = evidenceKey(sha);
        if (key !== undefined) cited.set(sha, key);
      }
    }
    const sortedCited = new Map([...cited].sort(([, a], [, b]) => compare(a, b)));
    return {
      runId: this.run.runId,
      manifest: this.run.manifest,
      statementSha256: this.run.statementSha256,
      evidenceCount: this.evidenceCount,
      findingCount: this.findingCount,
      counts: this.counts,
      byControl: this.byControl,
      firstEvidence: this.firstEvidence,
      shown: this.shown.items,
      cited: sortedCited,
      insufficient: this.insufficient.items,
      failing: new Map([...this.failing].map(([id, list]) => [id, { shown: list.items, total: list.total }])),
      ...this.attestations.finish(),
      tags: this.tags.finish(),
    };
  }
}
