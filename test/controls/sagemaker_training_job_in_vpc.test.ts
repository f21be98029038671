import { describe } from 'vitest';
import { TRAINING_JOBS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_training_job_in_vpc.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedTrainingJob, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_training_job_in_vpc', () => {
  describeAnswerCases(control, TRAINING_JOBS, 'fraud-train-1', (overrides) => describedTrainingJob('fraud-train-1', overrides), [
    ['#1 compliant: a VpcConfig with subnets is PASS', {}, 'PASS', 'subnet-0aa11bb22cc33dd44'],
    ['#2 non-compliant: no VpcConfig is FAIL', { VpcConfig: undefined }, 'FAIL', 'no VPC configuration'],
    [
      '#3 missing evidence: a VpcConfig with an empty subnet list is INSUFFICIENT_EVIDENCE',
      { VpcConfig: { Subnets: [], SecurityGroupIds: [] } },
      'INSUFFICIENT_EVIDENCE',
      'VpcConfig',
    ],
  ]);

  describeSharedCases(sagemakerSubject(control, TRAINING_JOBS, (n, scope) => describedTrainingJob(`train-${n}`, {}, scope)));
});
