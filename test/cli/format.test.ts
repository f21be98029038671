import { describe, expect, it } from 'vitest';
import { gapsByScope, scopeGapLine, statusSeverityTable, worstControls } from '../../lib/cli/format.js';
import { rankFailingControls } from '../../lib/controls/ranking.js';
import type { Finding, FindingStatus, Severity } from '../../lib/controls/types.js';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';

function finding(controlId: string, severity: Severity, status: FindingStatus, resource: string): Finding {
  return {
    schemaVersion: 1,
    controlId,
    severity,
    status,
    accountId: '111122223333',
    region: 'us-east-1',
    resource: { type: 'AWS::Test::Thing', id: resource },
    reason: `${controlId} on ${resource}.`,
    evidence: [],
  };
}

function entry(accountId: string, region: string, collector: string, errors: { code: string; resourceId?: string }[]): CoverageEntry {
  const list = errors.map((e) => ({
    operation: 'List',
    kind: 'ACCESS_DENIED' as const,
    code: e.code,
    message: 'denied',
    ...(e.resourceId === undefined ? {} : { resourceId: e.resourceId }),
  }));
  const status = list.some((e) => e.resourceId === undefined) ? 'FAILED' : list.length > 0 ? 'PARTIAL' : 'COMPLETE';
  return { collector, accountId, region, status, records: 0, errors: list };
}

describe('rankFailingControls', () => {
  it('puts the most severe control first, then the one with more failing resources, then by id, and leaves out controls that do not fail', () => {
    // Prepare: a LOW control failing on many resources must not outrank one failing CRITICAL.
    const controls = [
      { controlId: 'low_many', severity: 'LOW' as const, failing: 40 },
      { controlId: 'high_b', severity: 'HIGH' as const, failing: 2 },
      { controlId: 'critical_one', severity: 'CRITICAL' as const, failing: 1 },
      { controlId: 'high_a', severity: 'HIGH' as const, failing: 2 },
      { controlId: 'high_most', severity: 'HIGH' as const, failing: 7 },
      { controlId: 'critical_passing', severity: 'CRITICAL' as const, failing: 0 },
    ];
    // Act
    const ranked = rankFailingControls(controls).map((c) => c.controlId);
    // Assess
    expect(ranked).toEqual(['critical_one', 'high_most', 'high_a', 'high_b', 'low_many']);
  });
});

describe('worstControls', () => {
  it('lists the top controls in rank order with their counts, and names the command for the rest', () => {
    // Prepare: three failing controls, one passing one.
    const findings = [
      finding('medium_wide', 'MEDIUM', 'FAIL', 'a'),
      finding('medium_wide', 'MEDIUM', 'FAIL', 'b'),
      finding('medium_wide', 'MEDIUM', 'FAIL', 'c'),
      finding('medium_wide', 'MEDIUM', 'INSUFFICIENT_EVIDENCE', 'd'),
      finding('high_narrow', 'HIGH', 'FAIL', 'a'),
      finding('high_narrow', 'HIGH', 'PASS', 'b'),
      finding('low_one', 'LOW', 'FAIL', 'a'),
      finding('passing', 'CRITICAL', 'PASS', 'a'),
    ];
    // Act
    const text = worstControls(findings, 2, 'ai-evidence findings --status FAIL lists them.');
    // Assess: rank, id, severity, failing, insufficient, pass; the third control is counted in the last line.
    const rows = text.split('\n').filter((l) => /^\s*\d+\s{2}/.test(l));
    expect(rows.map((r) => r.trim().split(/\s+/))).toEqual([
      ['1', 'high_narrow', 'high', '1', '0', '1'],
      ['2', 'medium_wide', 'medium', '3', '1', '0'],
    ]);
    expect(text.split('\n')[0]).toBe('Worst failing controls (2 of 3), most severe first, then most failing resources');
    expect(text.split('\n').at(-1)).toBe('1 more failing control(s): ai-evidence findings --status FAIL lists them.');
  });

  it('says so when no control fails', () => {
    expect(worstControls([finding('passing', 'HIGH', 'PASS', 'a')], 10, 'unused')).toBe('Failing controls: none.');
  });
});

describe('statusSeverityTable', () => {
  it('counts findings per status and severity, with a total per status', () => {
    // Prepare
    const findings = [
      finding('a', 'CRITICAL', 'FAIL', '1'),
      finding('b', 'HIGH', 'FAIL', '1'),
      finding('b', 'HIGH', 'FAIL', '2'),
      finding('c', 'LOW', 'PASS', '1'),
    ];
    // Act
    const rows = statusSeverityTable(findings)
      .split('\n')
      .slice(2)
      .map((l) => l.trim().split(/\s{2,}/));
    // Assess: columns total, critical, high, medium, low, informational.
    expect(rows).toEqual([
      ['fail', '3', '1', '2', '0', '0', '0'],
      ['insufficient', '0', '0', '0', '0', '0', '0'],
      ['pass', '1', '0', '0', '0', '1', '0'],
      ['n/a', '0', '0', '0', '0', '0', '0'],
    ]);
  });
});

describe('gapsByScope', () => {
  it('groups incomplete collector reads by account and region, counting each code once per collector', () => {
    // Prepare: account 2 us-east-1 has two failed collectors (one with the same code twice) and a
    // partial one; account 1 eu-west-1 reads completely; account 1 us-east-1 has one failure.
    const coverage = [
      entry('222222222222', 'us-east-1', 'a', [{ code: 'AccessDeniedException' }, { code: 'AccessDeniedException' }]),
      entry('222222222222', 'us-east-1', 'b', [{ code: 'AccessDeniedException' }]),
      entry('222222222222', 'us-east-1', 'c', [{ code: 'ThrottlingException', resourceId: 'r1' }]),
      entry('222222222222', 'us-east-1', 'd', []),
      entry('111111111111', 'eu-west-1', 'a', []),
      entry('111111111111', 'us-east-1', 'a', [{ code: 'AccessDeniedException' }]),
      entry('111111111111', 'us-east-1', 'b', []),
    ];
    // Act
    const gaps = gapsByScope(coverage);
    // Assess
    expect(gaps.map(scopeGapLine)).toEqual([
      'account 111111111111, us-east-1: 1 of 2 collectors failed (AccessDeniedException)',
      'account 222222222222, us-east-1: 2 of 4 collectors failed, 1 partly read (AccessDeniedException: 2, ThrottlingException: 1)',
    ]);
    expect(gaps[1]).toMatchObject({ collectors: 4, failed: 2, partial: 1 });
  });

  it('says how many collectors read partly when none failed', () => {
    const gaps = gapsByScope([
      entry('1', 'us-east-1', 'a', [{ code: 'ThrottlingException', resourceId: 'x' }]),
      entry('1', 'us-east-1', 'b', []),
    ]);
    expect(gaps.map(scopeGapLine)).toEqual(['account 1, us-east-1: 1 of 2 collectors partly read (ThrottlingException)']);
  });
});
