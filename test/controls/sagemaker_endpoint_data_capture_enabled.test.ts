import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_endpoint_data_capture_enabled.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedEndpoint, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_endpoint_data_capture_enabled', () => {
  it('#1 compliant: capture Started at 20% is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(control, ENDPOINTS, describedEndpoint('fraud-scoring', {}));
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-scoring');
    expect(finding.reason).toContain('20%');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 non-compliant: no DataCaptureConfig is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(control, ENDPOINTS, describedEndpoint('fraud-scoring', { DataCaptureConfig: undefined }));
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring');
    expect(finding.reason).toContain('no data capture');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#3 non-compliant: an empty DataCaptureConfig (as moto returns for none) is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(control, ENDPOINTS, describedEndpoint('fraud-scoring', { DataCaptureConfig: {} }));
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring');
    expect(finding.reason).toContain('no data capture');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#4 non-compliant: capture configured but Stopped is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      ENDPOINTS,
      describedEndpoint('fraud-scoring', {
        DataCaptureConfig: { EnableCapture: true, CaptureStatus: 'Stopped', CurrentSamplingPercentage: 20 },
      }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring');
    expect(finding.reason).toContain('Stopped');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#5 non-compliant: capture disabled is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      ENDPOINTS,
      describedEndpoint('fraud-scoring', {
        DataCaptureConfig: { EnableCapture: false, CaptureStatus: 'Stopped', CurrentSamplingPercentage: 0 },
      }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring');
    expect(finding.reason).toContain('disabled');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#6 non-compliant: capture Started at 0% is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      ENDPOINTS,
      describedEndpoint('fraud-scoring', {
        DataCaptureConfig: { EnableCapture: true, CaptureStatus: 'Started', CurrentSamplingPercentage: 0 },
      }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring');
    expect(finding.reason).toContain('0%');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#7 missing evidence: a DataCaptureConfig without CaptureStatus is INSUFFICIENT_EVIDENCE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      ENDPOINTS,
      describedEndpoint('fraud-scoring', { DataCaptureConfig: { EnableCapture: true, CurrentSamplingPercentage: 20 } }),
    );
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('fraud-scoring');
    expect(finding.reason).toContain('CaptureStatus');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#8 not applicable: a region read completely with none is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(ENDPOINTS.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(sagemakerSubject(control, ENDPOINTS, (n, scope) => describedEndpoint(`endpoint-${n}`, {}, scope)));
});
