import { describe } from 'vitest';
import { TRAINING_JOBS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_training_job_inter_container_encryption_enabled.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedTrainingJob, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_training_job_inter_container_encryption_enabled', () => {
  describeAnswerCases(control, TRAINING_JOBS, 'fraud-train-1', (overrides) => describedTrainingJob('fraud-train-1', overrides), [
    ['#1 compliant: EnableInterContainerTrafficEncryption true is PASS', {}, 'PASS', 'encrypts traffic'],
    [
      '#2 non-compliant: encryption off on two instances is FAIL',
      { EnableInterContainerTrafficEncryption: false },
      'FAIL',
      ['runs on 2 instances', 'does not encrypt'],
    ],
    [
      '#3 non-compliant: encryption off on a heterogeneous cluster of 1 + 2 instances is FAIL',
      {
        EnableInterContainerTrafficEncryption: false,
        ResourceConfig: {
          InstanceGroups: [
            { InstanceGroupName: 'a', InstanceCount: 1 },
            { InstanceGroupName: 'b', InstanceCount: 2 },
          ],
        },
      },
      'FAIL',
      'runs on 3 instances',
    ],
    [
      '#4 not applicable: encryption off on one instance is NOT_APPLICABLE',
      {
        EnableInterContainerTrafficEncryption: false,
        ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 50 },
      },
      'NOT_APPLICABLE',
      'one instance',
    ],
    [
      '#5 missing evidence: no EnableInterContainerTrafficEncryption in the answer is INSUFFICIENT_EVIDENCE',
      { EnableInterContainerTrafficEncryption: undefined },
      'INSUFFICIENT_EVIDENCE',
      'EnableInterContainerTrafficEncryption',
    ],
    [
      '#6 missing evidence: encryption off with no instance count in the answer is INSUFFICIENT_EVIDENCE',
      { EnableInterContainerTrafficEncryption: false, ResourceConfig: undefined },
      'INSUFFICIENT_EVIDENCE',
      'InstanceCount',
    ],
  ]);

  describeSharedCases(sagemakerSubject(control, TRAINING_JOBS, (n, scope) => describedTrainingJob(`train-${n}`, {}, scope)));
});
