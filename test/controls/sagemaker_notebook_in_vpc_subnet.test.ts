import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/sagemaker_notebook_in_vpc_subnet.js';
import { describeSharedCases, judgeNotebook, notebookSubject, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, NOTEBOOK_COLLECTOR, SCOPE } from '../fixtures/evidence.js';

describe('sagemaker_notebook_in_vpc_subnet', () => {
  it('#1 compliant: marks a notebook attached to a subnet as PASS and names the subnet', () => {
    // Act
    const { evidence, finding } = judgeNotebook(control, { SubnetId: 'subnet-0123abcd4567ef890' });
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('subnet-0123abcd4567ef890');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  // DescribeNotebookInstance has no SubnetId for a notebook in the service network, so a missing
  // field is the non-compliant answer here, not a gap in the evidence.
  it.each([
    ['#2 non-compliant: no SubnetId in the answer', { SubnetId: undefined, SecurityGroups: undefined, NetworkInterfaceId: undefined }],
    ['#3 non-compliant: an empty SubnetId', { SubnetId: '' }],
  ])('%s is FAIL and names the notebook', (_case, overrides) => {
    // Act
    const { evidence, finding } = judgeNotebook(control, overrides, 'genai-prototyping');
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.severity).toBe('MEDIUM');
    expect(finding.reason).toContain('genai-prototyping');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#4 not applicable: gives NOT_APPLICABLE when the region was read and has no notebook instances', () => {
    // Act
    const findings = judge(control, { coverage: [complete(NOTEBOOK_COLLECTOR, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(notebookSubject(control));
});
