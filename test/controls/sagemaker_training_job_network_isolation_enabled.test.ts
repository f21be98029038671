import { describe } from 'vitest';
import { TRAINING_JOBS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_training_job_network_isolation_enabled.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedTrainingJob, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_training_job_network_isolation_enabled', () => {
  describeAnswerCases(control, TRAINING_JOBS, 'fraud-train-1', (overrides) => describedTrainingJob('fraud-train-1', overrides), [
    ['#1 compliant: EnableNetworkIsolation true is PASS', {}, 'PASS', 'network isolation enabled'],
    ['#2 non-compliant: EnableNetworkIsolation false is FAIL', { EnableNetworkIsolation: false }, 'FAIL', 'network calls'],
    [
      '#3 missing evidence: no EnableNetworkIsolation in the answer is INSUFFICIENT_EVIDENCE',
      { EnableNetworkIsolation: undefined },
      'INSUFFICIENT_EVIDENCE',
      'EnableNetworkIsolation',
    ],
  ]);

  describeSharedCases(sagemakerSubject(control, TRAINING_JOBS, (n, scope) => describedTrainingJob(`train-${n}`, {}, scope)));
});
