import { describe } from 'vitest';
import { MODELS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_model_network_isolation_enabled.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedModel, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_model_network_isolation_enabled', () => {
  describeAnswerCases(control, MODELS, 'fraud-scoring-v7', (overrides) => describedModel('fraud-scoring-v7', overrides), [
    ['#1 compliant: EnableNetworkIsolation true is PASS', {}, 'PASS', 'network isolation enabled'],
    [
      '#2 non-compliant: EnableNetworkIsolation false is FAIL',
      { EnableNetworkIsolation: false },
      'FAIL',
      'EnableNetworkIsolation is false',
    ],
    [
      '#3 missing evidence: no EnableNetworkIsolation in the answer is INSUFFICIENT_EVIDENCE',
      { EnableNetworkIsolation: undefined },
      'INSUFFICIENT_EVIDENCE',
      'EnableNetworkIsolation',
    ],
  ]);

  describeSharedCases(sagemakerSubject(control, MODELS, (n, scope) => describedModel(`model-${n}`, {}, scope)));
});
