import { describe } from 'vitest';
import { MODELS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_model_in_vpc.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedModel, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_model_in_vpc', () => {
  describeAnswerCases(control, MODELS, 'fraud-scoring-v7', (overrides) => describedModel('fraud-scoring-v7', overrides), [
    ['#1 compliant: a VpcConfig with subnets is PASS', {}, 'PASS', 'subnet-0aa11bb22cc33dd44'],
    ['#2 non-compliant: no VpcConfig is FAIL', { VpcConfig: undefined }, 'FAIL', 'no VPC configuration'],
    ['#3 non-compliant: an empty VpcConfig (as moto returns for none) is FAIL', { VpcConfig: {} }, 'FAIL', 'no VPC configuration'],
    [
      '#4 missing evidence: a VpcConfig without subnets is INSUFFICIENT_EVIDENCE',
      { VpcConfig: { SecurityGroupIds: ['sg-0c1d2e3f4a5b6c7d8'] } },
      'INSUFFICIENT_EVIDENCE',
      'VpcConfig',
    ],
  ]);

  describeSharedCases(sagemakerSubject(control, MODELS, (n, scope) => describedModel(`model-${n}`, {}, scope)));
});
