import { describe } from 'vitest';
import { TRAINING_JOBS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_training_job_volume_encrypted_with_cmk.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedTrainingJob, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_training_job_volume_encrypted_with_cmk', () => {
  describeAnswerCases(control, TRAINING_JOBS, 'fraud-train-1', (overrides) => describedTrainingJob('fraud-train-1', overrides), [
    ['#1 compliant: a VolumeKmsKeyId is PASS', {}, 'PASS', 'arn:aws:kms:'],
    [
      '#2 non-compliant: no VolumeKmsKeyId is FAIL',
      { ResourceConfig: { InstanceType: 'ml.m5.2xlarge', InstanceCount: 1, VolumeSizeInGB: 50 } },
      'FAIL',
      'ResourceConfig.VolumeKmsKeyId',
    ],
    [
      '#3 missing evidence: no ResourceConfig in the answer is INSUFFICIENT_EVIDENCE',
      { ResourceConfig: undefined },
      'INSUFFICIENT_EVIDENCE',
      'ResourceConfig',
    ],
  ]);

  describeSharedCases(sagemakerSubject(control, TRAINING_JOBS, (n, scope) => describedTrainingJob(`train-${n}`, {}, scope)));
});
