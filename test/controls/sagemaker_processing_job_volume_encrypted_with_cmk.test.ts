import { describe } from 'vitest';
import { PROCESSING_JOBS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_processing_job_volume_encrypted_with_cmk.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedProcessingJob, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_processing_job_volume_encrypted_with_cmk', () => {
  describeAnswerCases(
    control,
    PROCESSING_JOBS,
    'claims-features-1',
    (overrides) => describedProcessingJob('claims-features-1', overrides),
    [
      ['#1 compliant: a VolumeKmsKeyId is PASS', {}, 'PASS', 'arn:aws:kms:'],
      [
        '#2 non-compliant: no VolumeKmsKeyId is FAIL',
        {
          ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } },
        },
        'FAIL',
        'VolumeKmsKeyId',
      ],
      [
        '#3 missing evidence: no ProcessingResources in the answer is INSUFFICIENT_EVIDENCE',
        { ProcessingResources: undefined },
        'INSUFFICIENT_EVIDENCE',
        'ProcessingResources.ClusterConfig',
      ],
    ],
  );

  describeSharedCases(sagemakerSubject(control, PROCESSING_JOBS, (n, scope) => describedProcessingJob(`processing-${n}`, {}, scope)));
});
