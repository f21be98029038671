import { describe } from 'vitest';
import { PROCESSING_JOBS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_processing_job_output_encrypted_with_cmk.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedProcessingJob, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_processing_job_output_encrypted_with_cmk', () => {
  describeAnswerCases(
    control,
    PROCESSING_JOBS,
    'claims-features-1',
    (overrides) => describedProcessingJob('claims-features-1', overrides),
    [
      ['#1 compliant: an output KmsKeyId is PASS', {}, 'PASS', 'arn:aws:kms:'],
      [
        '#2 non-compliant: outputs without a KmsKeyId is FAIL',
        { ProcessingOutputConfig: { Outputs: [{ OutputName: 'report' }] } },
        'FAIL',
        'ProcessingOutputConfig.KmsKeyId',
      ],
      ['#3 not applicable: a job without outputs is NOT_APPLICABLE', { ProcessingOutputConfig: undefined }, 'NOT_APPLICABLE', 'no output'],
    ],
  );

  describeSharedCases(sagemakerSubject(control, PROCESSING_JOBS, (n, scope) => describedProcessingJob(`processing-${n}`, {}, scope)));
});
