import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/sagemaker_notebook_root_access_disabled.js';
import { describeSharedCases, judgeNotebook, notebookSubject, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, NOTEBOOK_COLLECTOR, SCOPE } from '../fixtures/evidence.js';

describe('sagemaker_notebook_root_access_disabled', () => {
  it('#1 compliant: marks a notebook with root access disabled as PASS, citing its record', () => {
    // Act
    const { evidence, finding } = judgeNotebook(control, { RootAccess: 'Disabled' });
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.severity).toBe('HIGH');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#2 non-compliant: marks a notebook with root access as FAIL and names it', () => {
    // Act
    const { evidence, finding } = judgeNotebook(control, { RootAccess: 'Enabled' }, 'claims-triage');
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('claims-triage');
    expect(finding.resource).toEqual(evidence.record.resource);
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    ['#3 insufficient: the answer has no RootAccess field', { RootAccess: undefined }],
    ['#4 insufficient: RootAccess has a value the API does not document', { RootAccess: 'Unknown' }],
    ['#5 insufficient: RootAccess is not a string', { RootAccess: true }],
  ])('%s gives INSUFFICIENT_EVIDENCE, not PASS', (_case, overrides) => {
    // Act
    const { evidence, finding } = judgeNotebook(control, overrides);
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('RootAccess');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#6 not applicable: gives NOT_APPLICABLE when the region was read and has no notebook instances', () => {
    // Act
    const findings = judge(control, { coverage: [complete(NOTEBOOK_COLLECTOR, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(notebookSubject(control));
});
