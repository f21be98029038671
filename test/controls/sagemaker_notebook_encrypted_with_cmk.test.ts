import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/sagemaker_notebook_encrypted_with_cmk.js';
import { describeSharedCases, judgeNotebook, notebookSubject, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, NOTEBOOK_COLLECTOR, SCOPE } from '../fixtures/evidence.js';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

describe('sagemaker_notebook_encrypted_with_cmk', () => {
  it.each([
    ['#1 compliant: a key ARN', KEY_ARN],
    ['#2 compliant: a bare key id', '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'],
  ])('%s as KmsKeyId is PASS, and the reason names the key', (_case, key) => {
    // Act
    const { evidence, finding } = judgeNotebook(control, { KmsKeyId: key });
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain(key);
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  // DescribeNotebookInstance leaves KmsKeyId out when the volume uses the AWS owned key, so a
  // missing field is an answer (not a gap) for this control.
  it.each([
    ['#3 non-compliant: no KmsKeyId in the answer (AWS owned key)', { KmsKeyId: undefined }],
    ['#4 non-compliant: an empty KmsKeyId', { KmsKeyId: '' }],
    ['#5 non-compliant: a blank KmsKeyId', { KmsKeyId: '   ' }],
  ])('%s is FAIL and names the notebook', (_case, overrides) => {
    // Act
    const { evidence, finding } = judgeNotebook(control, overrides, 'underwriting-features');
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.severity).toBe('MEDIUM');
    expect(finding.reason).toContain('underwriting-features');
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
