import { describe, expect, it } from 'vitest';
import { findingIdentity } from '../../lib/controls/identity.js';
import type { Finding, FindingStatus } from '../../lib/controls/types.js';
import { coverageChanges } from '../../lib/diff/diff.js';
import { DiffError, FindingDiff } from '../../lib/diff/findings.js';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';

function finding(
  controlId: string,
  resourceId: string,
  status: FindingStatus,
  reason = `${controlId} ${status}.`,
  accountId = '111122223333',
): Finding {
  return {
    schemaVersion: 1,
    controlId,
    status,
    severity: 'HIGH',
    accountId,
    region: 'us-east-1',
    resource: { type: 'AWS::SageMaker::NotebookInstance', id: resourceId },
    reason,
    evidence: [],
  } as Finding;
}

/** Runs the three passes of a diff over two lists of findings. */
function diffOf(before: Finding[], after: Finding[], limit?: number) {
  const diff = new FindingDiff(limit === undefined ? {} : { limit });
  for (const f of before) diff.addBefore(f);
  for (const f of after) diff.addAfter(f);
  for (const f of [...before].reverse()) diff.addBeforeAgain(f);
  return diff.finish();
}

describe('FindingDiff', () => {
  it('tells new, resolved, status and reason changes apart, each with both judgements, sorted by control and resource', () => {
    // Prepare
    const before = [
      finding('c_b', 'nb-1', 'PASS'),
      finding('c_a', 'nb-2', 'FAIL', 'root access is Enabled.'),
      finding('c_a', 'nb-3', 'FAIL', 'old reason.'),
      finding('c_a', 'nb-4', 'PASS'),
    ];
    const after = [
      finding('c_a', 'nb-2', 'PASS', 'root access is Disabled.'),
      finding('c_a', 'nb-3', 'FAIL', 'new reason.'),
      finding('c_a', 'nb-4', 'PASS'),
      finding('c_c', 'nb-5', 'INSUFFICIENT_EVIDENCE'),
    ];

    // Act
    const result = diffOf(before, after);

    // Assess
    expect(result.totals).toEqual({ NEW: 1, RESOLVED: 1, STATUS: 1, REASON: 1 });
    expect(result.changes.map((c) => [c.change, c.controlId, c.resource.id, c.before, c.after])).toEqual([
      [
        'STATUS',
        'c_a',
        'nb-2',
        { status: 'FAIL', reason: 'root access is Enabled.' },
        { status: 'PASS', reason: 'root access is Disabled.' },
      ],
      ['REASON', 'c_a', 'nb-3', { status: 'FAIL', reason: 'old reason.' }, { status: 'FAIL', reason: 'new reason.' }],
      ['RESOLVED', 'c_b', 'nb-1', { status: 'PASS', reason: 'c_b PASS.' }, null],
      ['NEW', 'c_c', 'nb-5', null, { status: 'INSUFFICIENT_EVIDENCE', reason: 'c_c INSUFFICIENT_EVIDENCE.' }],
    ]);
    expect(result.changes[0]?.identity).toBe(findingIdentity(after[0] as Finding));
    // A reason alone does not move a control's counts: it explains no requirement.
    expect([...result.byControl.keys()].sort()).toEqual(['c_a', 'c_b', 'c_c']);
    expect(result.byControl.get('c_a')?.total).toBe(1);
  });

  it('matches by account too: the same resource id in two accounts is two findings', () => {
    // Prepare: an AWS-managed policy ARN, judged once per account.
    const arn = 'arn:aws:iam::aws:policy/AmazonBedrockFullAccess';
    const before = [
      finding('iam_x', arn, 'FAIL', 'attached.', '111122223333'),
      finding('iam_x', arn, 'PASS', 'unattached.', '444455556666'),
    ];
    const after = [
      finding('iam_x', arn, 'PASS', 'unattached.', '111122223333'),
      finding('iam_x', arn, 'PASS', 'unattached.', '444455556666'),
    ];

    // Act
    const result = diffOf(before, after);

    // Assess
    expect(result.changes.map((c) => [c.accountId, c.change])).toEqual([['111122223333', 'STATUS']]);
  });

  it('counts every change but lists the first ones under a limit, with their earlier reasons', () => {
    // Prepare
    const before = Array.from({ length: 10 }, (_, i) => finding('c', `nb-${i}`, 'FAIL', `was ${i}.`));
    const after = before.map((f) => ({ ...f, status: 'PASS' as const, reason: 'now.' }));

    // Act
    const result = diffOf(before, after, 3);

    // Assess
    expect(result.totals.STATUS).toBe(10);
    expect(result.changes.map((c) => [c.resource.id, c.before?.reason])).toEqual([
      ['nb-0', 'was 0.'],
      ['nb-1', 'was 1.'],
      ['nb-2', 'was 2.'],
    ]);
    expect(result.byControl.get('c')?.total).toBe(10);
  });

  it('refuses two findings of one run with the same identity, and a run before that reads differently the second time', () => {
    // Prepare
    const f = finding('c', 'nb-1', 'PASS');

    // Act / Assess: each is told when the changes are asked for, so a report can say so instead of stopping an export.
    const twice = new FindingDiff();
    twice.addBefore(f);
    twice.addBefore(f);
    twice.addAfter(f);
    twice.addBeforeAgain(f);
    expect(() => twice.finish()).toThrow(DiffError);
    expect(() => twice.finish()).toThrow(/Two findings of the run before share the identity/);
    const changed = new FindingDiff();
    changed.addBefore(f);
    changed.addAfter(f);
    changed.addBeforeAgain({ ...f, status: 'FAIL' });
    expect(() => changed.finish()).toThrow(/changed between two reads/);
    const short = new FindingDiff();
    short.addBefore(f);
    short.addAfter(f);
    expect(() => short.finish()).toThrow(/1 finding\(s\) when first read and 0 when read again/);
  });
});

describe('coverageChanges', () => {
  const entry = (
    collector: string,
    status: CoverageEntry['status'],
    kinds: CoverageEntry['errors'][number]['kind'][] = [],
  ): CoverageEntry => ({
    collector,
    accountId: '111122223333',
    region: 'us-east-1',
    status,
    records: 1,
    errors: kinds.map((kind) => ({ operation: 'List', kind, code: 'X', message: 'x.' })),
  });

  it('names entries that appeared or disappeared and those whose status or failure kinds changed', () => {
    // Act
    const changes = coverageChanges(
      [entry('a', 'COMPLETE'), entry('b', 'FAILED', ['ACCESS_DENIED']), entry('c', 'PARTIAL', ['THROTTLED']), entry('d', 'COMPLETE')],
      [
        entry('b', 'FAILED', ['NOT_AVAILABLE']),
        entry('c', 'COMPLETE'),
        entry('d', 'COMPLETE'),
        entry('e', 'PARTIAL', ['ERROR', 'ACCESS_DENIED', 'ERROR']),
      ],
    );

    // Assess
    expect(changes.map((c) => [c.change, c.collector, c.before?.kinds ?? null, c.after?.kinds ?? null])).toEqual([
      ['DISAPPEARED', 'a', [], null],
      ['KINDS', 'b', ['ACCESS_DENIED'], ['NOT_AVAILABLE']],
      ['STATUS', 'c', ['THROTTLED'], []],
      ['APPEARED', 'e', null, ['ACCESS_DENIED', 'ERROR']],
    ]);
  });
});
