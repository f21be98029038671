import { type AttestationOfRun, RunAttestations } from '../attestations/run.js';
import type { SealedTrustList } from '../attestations/trust.js';
import { findingIdentity } from '../controls/identity.js';
import { FINDING_STATUSES, type Finding, type FindingStatus } from '../controls/types.js';
import type { EvidenceRecord } from '../evidence/record.js';
import type { Manifest } from '../seal/manifest.js';
import type { SealedFinding } from './load.js';

/**
 * What the HTML report shows of a run, gathered one finding at a time: counts, and bounded lists of
 * the findings it shows. Memory per run is fixed by the list limits, not by the run's size; only the
 * comparison of the last two runs keeps one small entry per failing finding of the run before last.
 */
export interface ReportRun {
  readonly runId: string;
  readonly manifest: Omit<Manifest, 'items'>;
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

/**
 * The first `limit` items by `order`, kept as items arrive in any order. Ties keep their order of
 * arrival (as a stable sort of the whole list would).
 */
export class Smallest<T> {
  readonly items: T[] = [];
  total = 0;
  constructor(
    private readonly limit: number,
    private readonly order: (a: T, b: T) => number,
  ) {}

  add(item: T): void {
    this.total++;
    const { items } = this;
    if (items.length === this.limit && (this.limit === 0 || this.order(item, items[items.length - 1] as T) >= 0)) return;
    // Insert after every item that is not after it: the upper bound.
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.order(item, items[mid] as T) < 0) hi = mid;
      else lo = mid + 1;
    }
    items.splice(lo, 0, item);
    if (items.length > this.limit) items.pop();
  }
}

/** A finding is the same across runs when its identity is: control, account, region and resource ({@link findingIdentity}). */
export function findingId(f: Finding): string {
  return findingIdentity(f);
}

/**
 * What changed between the last two runs, gathered as the runs are read (the run before last first):
 * failing findings of the latest run that did not fail before, and findings that failed before and
 * do not fail now. It keeps one entry per failing finding of the run before last.
 */
export class RunChanges {
  /** Last status of each finding id of the run before last that failed in it. */
  private readonly before = new Map<string, FindingStatus>();
  private readonly failedBefore: { id: string; controlId: string; accountId: string; region: string; resourceId: string }[] = [];
  /** Last status in the latest run of the ids in `before`. */
  private readonly after = new Map<string, FindingStatus>();
  readonly newlyFailing: Smallest<SealedFinding>;
  previousRunId: string | undefined;
  latestRunId: string | undefined;

  constructor(readonly maxListed: number) {
    // In order of arrival: an order that never moves an item ahead of another.
    this.newlyFailing = new Smallest<SealedFinding>(maxListed, () => 0);
  }

  addPrevious(sealed: SealedFinding): void {
    const { finding } = sealed;
    const id = findingId(finding);
    if (finding.status === 'FAIL') {
      this.before.set(id, 'FAIL');
      this.failedBefore.push({
        id,
        controlId: finding.controlId,
        accountId: finding.accountId,
        region: finding.region,
        resourceId: finding.resource.id,
      });
    } else if (this.before.has(id)) this.before.set(id, finding.status);
  }

  addLatest(sealed: SealedFinding): void {
    const { finding } = sealed;
    const id = findingId(finding);
    if (finding.status === 'FAIL' && this.before.get(id) !== 'FAIL') this.newlyFailing.add(sealed);
    if (this.before.has(id)) this.after.set(id, finding.status);
  }

  /** Findings that failed in the run before last and do not fail in the latest, with their status now (undefined: no finding now). */
  fixed(): { controlId: string; accountId: string; region: string; resourceId: string; now: FindingStatus | undefined }[] {
    return this.failedBefore.filter((f) => this.after.get(f.id) !== 'FAIL').map(({ id, ...f }) => ({ ...f, now: this.after.get(id) }));
  }
}

/** Gathers a {@link ReportRun} from the run's evidence keys and findings, one at a time, in manifest order. */
export class ReportRunBuilder {
  private evidenceCount = 0;
  private findingCount = 0;
  private readonly counts = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as Record<FindingStatus, number>;
  private readonly byControl = new Map<string, Record<FindingStatus, number>>();
  private firstEvidence: { key: string; sha256: string } | undefined;
  private readonly attestations = new RunAttestations();
  private readonly shown: Smallest<SealedFinding>;
  private readonly insufficient: Smallest<SealedFinding>;
  private readonly failing = new Map<string, Smallest<SealedFinding>>();

  constructor(
    private readonly run: { runId: string; manifest: Omit<Manifest, 'items'>; statementSha256: string },
    private readonly limits: ReportLimits,
    /** Whether this is the latest run (its failing findings are listed) or the one before, for {@link RunChanges}. */
    private readonly role: { latest: boolean; previous: boolean; changes: RunChanges | undefined },
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
    if (evidence.record !== undefined) this.attestations.add(evidence.record, evidence.sha256);
    this.evidenceCount++;
  }

  addFinding(sealed: SealedFinding): void {
    const { finding } = sealed;
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
    if (this.role.previous) this.role.changes?.addPrevious(sealed);
    if (this.role.latest) this.role.changes?.addLatest(sealed);
  }

  /** The run, once every object was added; `evidenceKey` gives the key of an evidence record of the run, or undefined. */
  finish(evidenceKey: (sha256: string) => string | undefined): ReportRun {
    const cited = new Map<string, string>();
    for (const { finding } of this.shown.items) {
      for (const sha of finding.evidence) {
        const key = evidenceKey(sha);
        if (key !== undefined) cited.set(sha, key);
      }
    }
    const sortedCited = new Map([...cited].sort(([, a], [, b]) => compare(a, b)));
    if (this.role.previous && this.role.changes) this.role.changes.previousRunId = this.run.runId;
    if (this.role.latest && this.role.changes) this.role.changes.latestRunId = this.run.runId;
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
    };
  }
}
