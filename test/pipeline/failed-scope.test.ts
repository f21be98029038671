import { describe, expect, it } from 'vitest';
import { collectors } from '../../lib/collectors/index.js';
import { evaluate } from '../../lib/controls/evaluate.js';
import { catalog } from '../../lib/controls/index.js';
import type { CoverageEntry, ReadFailureKind } from '../../lib/evidence/coverage.js';
import { failedScopeCoverage } from '../../lib/pipeline/collect.js';

const SCOPE = { accountId: '210000000042', region: 'eu-west-1' };
const FAILURES: { operation: string; kind: ReadFailureKind; code: string; message: string }[] = [
  {
    operation: 'AssumeRole',
    kind: 'ACCESS_DENIED',
    code: 'AccessDenied',
    message: 'sts:AssumeRole on arn:aws:iam::210000000042:role/R failed.',
  },
  { operation: 'Collect', kind: 'ERROR', code: 'States.Timeout', message: 'The collect function failed.' },
  { operation: 'ReadStagedEvidence', kind: 'INVALID_RESPONSE', code: 'StagingError', message: 'The staged object is of another scope.' },
];

describe('a scope that could not be read at all', () => {
  it.each(FAILURES)('gives a FAILED entry for every collector, naming the failure ($operation)', (failure) => {
    const coverage = failedScopeCoverage(SCOPE, failure);
    expect(coverage.map((c) => c.collector)).toEqual(collectors.map((c) => c.id));
    for (const entry of coverage) {
      expect(entry).toMatchObject({ ...SCOPE, status: 'FAILED', records: 0 });
      expect(entry.errors).toContainEqual(failure);
    }
  });

  it.each(FAILURES)('is INSUFFICIENT_EVIDENCE for every control of the catalog ($operation), never a verdict', (failure) => {
    const coverage: CoverageEntry[] = failedScopeCoverage(SCOPE, failure);
    const findings = evaluate(catalog, { scopes: [SCOPE], evaluatedAt: '2026-11-26T12:00:00.000Z', evidence: [], coverage });
    expect(new Set(findings.map((f) => f.controlId))).toEqual(new Set(catalog.map((c) => c.id)));
    const judged = findings.filter((f) => f.status !== 'INSUFFICIENT_EVIDENCE').map((f) => `${f.controlId}: ${f.status}`);
    expect(judged).toEqual([]);
  });

  it.each(FAILURES)('is INSUFFICIENT_EVIDENCE for every control even when each entry names only the failure ($operation)', (failure) => {
    // Prepare: no "was not called" error per operation; a control must see for itself that the failure concerns it.
    const coverage = failedScopeCoverage(SCOPE, failure).map((c) => ({
      ...c,
      errors: c.errors.filter((e) => e.operation === failure.operation),
    }));
    // Act
    const findings = evaluate(catalog, { scopes: [SCOPE], evaluatedAt: '2026-11-26T12:00:00.000Z', evidence: [], coverage });
    // Assess
    const judged = findings.filter((f) => f.status !== 'INSUFFICIENT_EVIDENCE').map((f) => `${f.controlId}: ${f.status}`);
    expect(judged).toEqual([]);
  });
});
