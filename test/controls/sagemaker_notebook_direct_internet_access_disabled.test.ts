import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/sagemaker_notebook_direct_internet_access_disabled.js';
import { describeSharedCases, judgeNotebook, notebookSubject, regionResourceId } from '../fixtures/control-cases.js';
import {
  complete,
  describedNotebook,
  digestOf,
  findingFor,
  judge,
  NOTEBOOK_COLLECTOR,
  notebookEvidence,
  SCOPE,
} from '../fixtures/evidence.js';

describe('sagemaker_notebook_direct_internet_access_disabled', () => {
  it('#1 compliant: marks a notebook without direct internet access as PASS, citing its record', () => {
    // Act
    const { evidence, finding } = judgeNotebook(control, { DirectInternetAccess: 'Disabled' });
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#2 non-compliant: marks a notebook with direct internet access as FAIL and names it', () => {
    // Act
    const { evidence, finding } = judgeNotebook(control, { DirectInternetAccess: 'Enabled' }, 'fraud-model-research');
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.severity).toBe('HIGH');
    expect(finding.reason).toContain('fraud-model-research');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#3 non-compliant: fails a notebook with direct internet access even when it also has a VPC subnet', () => {
    // Act: a subnet does not stop SageMaker from giving the notebook its own internet route.
    const { finding } = judgeNotebook(control, { DirectInternetAccess: 'Enabled', SubnetId: 'subnet-0a1b2c3d4e5f60718' });
    // Assess
    expect(finding.status).toBe('FAIL');
  });

  it.each([
    ['#4 insufficient: the answer has no DirectInternetAccess field', { DirectInternetAccess: undefined }],
    ['#5 insufficient: DirectInternetAccess has a value the API does not document', { DirectInternetAccess: 'disabled' }],
  ])('%s gives INSUFFICIENT_EVIDENCE, not PASS', (_case, overrides) => {
    // Act
    const { finding } = judgeNotebook(control, overrides);
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('DirectInternetAccess');
  });

  it('#6 mixed: judges each notebook of a region on its own setting', () => {
    // Prepare
    const closed = notebookEvidence(describedNotebook('closed', { DirectInternetAccess: 'Disabled' }));
    const open = notebookEvidence(describedNotebook('open', { DirectInternetAccess: 'Enabled' }));
    // Act
    const findings = judge(control, { evidence: [closed, open], coverage: [complete(NOTEBOOK_COLLECTOR, 2)] });
    // Assess
    expect(findingFor(findings, closed.record.resource.id).status).toBe('PASS');
    expect(findingFor(findings, open.record.resource.id).status).toBe('FAIL');
    expect(findings).toHaveLength(2);
  });

  it('#7 not applicable: gives NOT_APPLICABLE when the region was read and has no notebook instances', () => {
    // Act
    const findings = judge(control, { coverage: [complete(NOTEBOOK_COLLECTOR, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(notebookSubject(control));
});
