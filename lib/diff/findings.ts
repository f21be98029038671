import { createHash } from 'node:crypto';
import { findingIdentity } from '../controls/identity.js';
import { FINDING_STATUSES, type Finding, type FindingStatus } from '../controls/types.js';
import { DigestMap } from '../util/digest-map.js';
import { getOrCreate } from '../util/maps.js';
import { Smallest } from '../util/smallest.js';
import type { FindingChange, FindingChangeKind } from './schema.js';

export class DiffError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DiffError';
  }
}

/** Findings are listed by control, account, region and resource: the same order in the diff and the report. */
export function compareFindingChanges(a: FindingChange, b: FindingChange): number {
  const x = `${a.controlId}\n${a.accountId}\n${a.region}\n${a.resource.id}`;
  const y = `${b.controlId}\n${b.accountId}\n${b.region}\n${b.resource.id}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The first `limit` items by `order`, or with no limit every item, sorted once at the end. */
class Listed<T> {
  private readonly bounded: Smallest<T> | undefined;
  private readonly all: T[] = [];
  total = 0;
  constructor(
    limit: number | undefined,
    private readonly order: (a: T, b: T) => number,
  ) {
    this.bounded = limit === undefined ? undefined : new Smallest(limit, order);
  }

  add(item: T): void {
    this.total++;
    if (this.bounded) this.bounded.add(item);
    else this.all.push(item);
  }

  items(): T[] {
    return this.bounded ? [...this.bounded.items] : [...this.all].sort(this.order);
  }
}

/** Finding changes of one control that change its counts per status (new, resolved, status): what a requirement's change rests on. */
export interface ControlChanges {
  total: number;
  /** The first few, in diff order. */
  examples: FindingChange[];
}

/** What {@link FindingDiff.finish} gives. */
export interface FindingDiffResult {
  totals: Record<FindingChangeKind, number>;
  /** Every change (or the first `limit`), by control, account, region and resource. */
  changes: FindingChange[];
  /** Changes per control that move its counts per status: the explanations of requirement changes. */
  byControl: ReadonlyMap<string, ControlChanges>;
}

/** Examples kept per control for the explanation of a requirement's change. */
const EXAMPLES_PER_CONTROL = 3;

const STATUS_CODE = Object.fromEntries(FINDING_STATUSES.map((s, i) => [s, i + 1])) as Record<FindingStatus, number>;

/** A finding's judgement in 16 bytes: its status, then the first 15 bytes of the SHA-256 of its reason. */
function judgement(f: Finding): Buffer {
  const value = Buffer.alloc(16);
  value[0] = STATUS_CODE[f.status];
  createHash('sha256').update(f.reason, 'utf8').digest().copy(value, 1, 0, 15);
  return value;
}

function identityKey(f: Finding): Buffer {
  return DigestMap.keyOf(findingIdentity(f));
}

function statusOf(code: number): FindingStatus {
  const status = FINDING_STATUSES[code - 1];
  if (status === undefined) throw new Error(`No finding status has the code ${code}.`);
  return status;
}

function changeOf(f: Finding, change: FindingChangeKind): FindingChange {
  const side = { status: f.status, reason: f.reason };
  return {
    change,
    identity: findingIdentity(f),
    controlId: f.controlId,
    accountId: f.accountId,
    region: f.region,
    resource: { type: f.resource.type, id: f.resource.id },
    before: change === 'NEW' ? null : side,
    after: change === 'RESOLVED' ? null : side,
  };
}

/**
 * The changes between the findings of two runs, matched by their identity ({@link findingIdentity}:
 * control, account, region, resource), read one finding at a time in three passes: every finding of
 * the run before (`addBefore`), every finding of the run after (`addAfter`), then the run before
 * again (`addBeforeAgain`), which names the findings no longer reported and the earlier reasons of
 * those that changed. What it holds whatever the size of the runs: two maps of 16-byte digests
 * keyed by identity (the before run's status and reason digest, the after run's identities), and
 * the changes it lists (all of them, or the first `limit`).
 */
export class FindingDiff {
  private phase: 'before' | 'after' | 'again' | 'done' = 'before';
  private readonly before = new DigestMap(16);
  private readonly after = new DigestMap(0);
  private beforeCount = 0;
  private againCount = 0;
  private readonly totals: Record<FindingChangeKind, number> = { NEW: 0, RESOLVED: 0, STATUS: 0, REASON: 0 };
  private readonly listed: Listed<FindingChange>;
  private readonly byControl = new Map<string, { total: number; examples: Smallest<FindingChange> }>();
  /** Changes kept whose earlier reason the third pass fills in, by identity. */
  private pending: Map<string, FindingChange[]> | undefined;
  /** Why the changes cannot be told, once known: {@link finish} throws it; the passes read on without effect. */
  private failure: string | undefined;

  constructor(options: { limit?: number } = {}) {
    this.listed = new Listed(options.limit, compareFindingChanges);
  }

  private expect(phase: FindingDiff['phase'], what: string): void {
    if (this.phase !== phase) throw new Error(`FindingDiff: ${what} in the ${this.phase} pass.`);
  }

  private record(change: FindingChange): void {
    this.totals[change.change] += 1;
    this.listed.add(change);
    if (change.change === 'REASON') return;
    const perControl = getOrCreate(this.byControl, change.controlId, () => ({
      total: 0,
      examples: new Smallest<FindingChange>(EXAMPLES_PER_CONTROL, compareFindingChanges),
    }));
    perControl.total++;
    perControl.examples.add(change);
  }

  /** First pass: a finding of the run before. */
  addBefore(f: Finding): void {
    this.expect('before', 'a finding of the run before');
    if (this.failure !== undefined) return;
    const key = identityKey(f);
    if (this.before.has(key)) {
      this.failure = duplicate(f, 'the run before');
      return;
    }
    this.before.set(key, judgement(f));
    this.beforeCount++;
  }

  /** Second pass: a finding of the run after. */
  addAfter(f: Finding): void {
    if (this.phase === 'before') this.phase = 'after';
    this.expect('after', 'a finding of the run after');
    if (this.failure !== undefined) return;
    const key = identityKey(f);
    if (this.after.has(key)) {
      this.failure = duplicate(f, 'the run after');
      return;
    }
    this.after.set(key);
    const was = this.before.get(key);
    const now = judgement(f);
    if (was === undefined) this.record(changeOf(f, 'NEW'));
    else if (was[0] !== now[0]) this.record({ ...changeOf(f, 'STATUS'), before: { status: statusOf(was[0] as number), reason: '' } });
    else if (!was.equals(now)) this.record({ ...changeOf(f, 'REASON'), before: { status: f.status, reason: '' } });
  }

  /** Third pass: the findings of the run before again, in any order. */
  addBeforeAgain(f: Finding): void {
    if (this.phase === 'before' || this.phase === 'after') this.startAgain();
    this.expect('again', 'a finding of the run before, read again');
    if (this.failure !== undefined) return;
    const key = identityKey(f);
    const was = this.before.get(key);
    if (was === undefined || !was.equals(judgement(f))) {
      this.failure = `The finding ${findingIdentity(f)} of the run before changed between two reads of the store.`;
      return;
    }
    this.againCount++;
    if (!this.after.has(key)) {
      this.record(changeOf(f, 'RESOLVED'));
      return;
    }
    for (const change of this.pending?.get(findingIdentity(f)) ?? []) {
      if (change.before !== null) change.before.reason = f.reason;
    }
  }

  private startAgain(): void {
    this.phase = 'again';
    const pending = new Map<string, FindingChange[]>();
    const kept = [...this.listed.items(), ...[...this.byControl.values()].flatMap((c) => c.examples.items)];
    for (const change of kept) {
      if (change.change === 'STATUS' || change.change === 'REASON') getOrCreate(pending, change.identity, () => []).push(change);
    }
    this.pending = pending;
  }

  /**
   * The changes, once the run before was read again. Throws {@link DiffError} when they cannot be
   * told: two findings of one run with the same identity, or a run before that read differently the
   * second time.
   */
  finish(): FindingDiffResult {
    if (this.phase !== 'done') {
      if (this.phase !== 'again') this.startAgain();
      if (this.failure === undefined && this.againCount !== this.beforeCount) {
        this.failure = `The run before held ${this.beforeCount} finding(s) when first read and ${this.againCount} when read again: the changes cannot be told.`;
      }
      this.phase = 'done';
    }
    if (this.failure !== undefined) throw new DiffError(this.failure);
    return {
      totals: { ...this.totals },
      changes: this.listed.items(),
      byControl: new Map([...this.byControl].map(([id, c]) => [id, { total: c.total, examples: [...c.examples.items] }])),
    };
  }
}

function duplicate(f: Finding, run: string): string {
  return `Two findings of ${run} share the identity ${findingIdentity(f)} (${f.controlId} on ${f.resource.id} in ${f.accountId} ${f.region}): which one to compare is ambiguous.`;
}
