import { describe } from 'vitest';
import { MODELS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_model_image_from_account_ecr.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedModel, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_model_image_from_account_ecr', () => {
  describeAnswerCases(control, MODELS, 'fraud-scoring-v7', (overrides) => describedModel('fraud-scoring-v7', overrides), [
    ["#1 compliant: an image in the account's own ECR is PASS", {}, 'PASS', '111122223333.dkr.ecr.eu-west-1.amazonaws.com'],
    [
      '#2 compliant: an image from a private registry reached in the VPC is PASS',
      {
        PrimaryContainer: { Image: 'registry.acme.internal/fraud:7', ImageConfig: { RepositoryAccessMode: 'Vpc' } },
      },
      'PASS',
      'private registry',
    ],
    [
      "#3 non-compliant: an AWS framework image in another account's ECR is FAIL",
      {
        PrimaryContainer: { Image: '763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-inference:2.1-cpu' },
      },
      'FAIL',
      'ECR of account 763104351884',
    ],
    [
      '#4 non-compliant: one container of an inference pipeline from Docker Hub is FAIL',
      {
        PrimaryContainer: undefined,
        Containers: [{ Image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/pre:1' }, { Image: 'docker.io/library/python:3.12' }],
      },
      'FAIL',
      'docker.io/library/python:3.12',
    ],
    [
      '#5 missing evidence: a container taken from a model package is INSUFFICIENT_EVIDENCE',
      {
        PrimaryContainer: { ModelPackageName: 'arn:aws:sagemaker:eu-west-1:111122223333:model-package/fraud-scoring/6' },
      },
      'INSUFFICIENT_EVIDENCE',
      'model package',
    ],
    [
      '#6 missing evidence: no container at all is INSUFFICIENT_EVIDENCE',
      { PrimaryContainer: undefined },
      'INSUFFICIENT_EVIDENCE',
      'PrimaryContainer',
    ],
  ]);

  describeSharedCases(sagemakerSubject(control, MODELS, (n, scope) => describedModel(`model-${n}`, {}, scope)));
});
