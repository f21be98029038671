import { describe } from 'vitest';
import { TRAINING_JOBS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_training_job_output_encrypted_with_cmk.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedTrainingJob, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_training_job_output_encrypted_with_cmk', () => {
  describeAnswerCases(control, TRAINING_JOBS, 'fraud-train-1', (overrides) => describedTrainingJob('fraud-train-1', overrides), [
    ['#1 compliant: an output KmsKeyId is PASS', {}, 'PASS', 'arn:aws:kms:'],
    [
      '#2 non-compliant: no output KmsKeyId is FAIL',
      { OutputDataConfig: { S3OutputPath: 's3://models/out/' } },
      'FAIL',
      'OutputDataConfig.KmsKeyId',
    ],
    [
      '#3 missing evidence: no OutputDataConfig in the answer is INSUFFICIENT_EVIDENCE',
      { OutputDataConfig: undefined },
      'INSUFFICIENT_EVIDENCE',
      'OutputDataConfig',
    ],
  ]);

  describeSharedCases(sagemakerSubject(control, TRAINING_JOBS, (n, scope) => describedTrainingJob(`train-${n}`, {}, scope)));
});
