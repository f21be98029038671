import { describe, expect, it } from 'vitest';
import { ENDPOINT_CONFIGS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_endpoint_config_data_capture_encrypted_with_cmk.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { describedEndpointConfig, judgeOne, sagemakerSubject } from '../fixtures/sagemaker.js';

describe('sagemaker_endpoint_config_data_capture_encrypted_with_cmk', () => {
  it('#1 compliant: data capture with a KmsKeyId is PASS', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      ENDPOINT_CONFIGS,
      describedEndpointConfig('fraud-scoring-config', {
        DataCaptureConfig: {
          EnableCapture: true,
          InitialSamplingPercentage: 20,
          DestinationS3Uri: 's3://capture/',
          KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/capture',
        },
      }),
    );
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('fraud-scoring-config');
    expect(finding.reason).toContain('key/capture');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#2 non-compliant: data capture without a KmsKeyId is FAIL', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      ENDPOINT_CONFIGS,
      describedEndpointConfig('fraud-scoring-config', {
        DataCaptureConfig: { EnableCapture: true, InitialSamplingPercentage: 20, DestinationS3Uri: 's3://capture/' },
      }),
    );
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('fraud-scoring-config');
    expect(finding.reason).toContain('DataCaptureConfig.KmsKeyId');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#3 not applicable: no data capture is NOT_APPLICABLE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      ENDPOINT_CONFIGS,
      describedEndpointConfig('fraud-scoring-config', { DataCaptureConfig: undefined }),
    );
    // Assess
    expect(finding.status).toBe('NOT_APPLICABLE');
    expect(finding.reason).toContain('fraud-scoring-config');
    expect(finding.reason).toContain('captures no data');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });
  it('#4 not applicable: an empty DataCaptureConfig (as moto returns for none) is NOT_APPLICABLE', () => {
    // Act
    const { evidence, finding } = judgeOne(
      control,
      ENDPOINT_CONFIGS,
      describedEndpointConfig('fraud-scoring-config', { DataCaptureConfig: {} }),
    );
    // Assess
    expect(finding.status).toBe('NOT_APPLICABLE');
    expect(finding.reason).toContain('fraud-scoring-config');
    expect(finding.reason).toContain('captures no data');
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#5 not applicable: a region read completely with none is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: [complete(ENDPOINT_CONFIGS.collector, 0)] });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'NOT_APPLICABLE', resource: { id: regionResourceId(SCOPE) }, evidence: [] });
  });

  describeSharedCases(sagemakerSubject(control, ENDPOINT_CONFIGS, (n, scope) => describedEndpointConfig(`config-${n}`, {}, scope)));
});
