import { describe } from 'vitest';
import { PROCESSING_JOBS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_processing_job_inter_container_encryption_enabled.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedProcessingJob, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_processing_job_inter_container_encryption_enabled', () => {
  describeAnswerCases(
    control,
    PROCESSING_JOBS,
    'claims-features-1',
    (overrides) => describedProcessingJob('claims-features-1', overrides),
    [
      ['#1 compliant: NetworkConfig.EnableInterContainerTrafficEncryption true is PASS', {}, 'PASS', 'encrypts traffic'],
      [
        '#2 non-compliant: encryption off on two instances is FAIL',
        {
          NetworkConfig: { EnableInterContainerTrafficEncryption: false, EnableNetworkIsolation: true },
        },
        'FAIL',
        'runs on 2 instances',
      ],
      [
        '#3 non-compliant: no NetworkConfig (encryption off by default) on two instances is FAIL',
        { NetworkConfig: undefined },
        'FAIL',
        'does not encrypt',
      ],
      [
        '#4 not applicable: no NetworkConfig on one instance is NOT_APPLICABLE',
        {
          NetworkConfig: undefined,
          ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } },
        },
        'NOT_APPLICABLE',
        'one instance',
      ],
      [
        '#5 missing evidence: encryption off with no ProcessingResources in the answer is INSUFFICIENT_EVIDENCE',
        { NetworkConfig: undefined, ProcessingResources: undefined },
        'INSUFFICIENT_EVIDENCE',
        'InstanceCount',
      ],
    ],
  );

  describeSharedCases(sagemakerSubject(control, PROCESSING_JOBS, (n, scope) => describedProcessingJob(`processing-${n}`, {}, scope)));
});
