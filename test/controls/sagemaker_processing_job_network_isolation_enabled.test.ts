import { describe } from 'vitest';
import { PROCESSING_JOBS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_processing_job_network_isolation_enabled.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedProcessingJob, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_processing_job_network_isolation_enabled', () => {
  describeAnswerCases(
    control,
    PROCESSING_JOBS,
    'claims-features-1',
    (overrides) => describedProcessingJob('claims-features-1', overrides),
    [
      ['#1 compliant: NetworkConfig.EnableNetworkIsolation true is PASS', {}, 'PASS', 'network isolation enabled'],
      [
        '#2 non-compliant: NetworkConfig.EnableNetworkIsolation false is FAIL',
        { NetworkConfig: { EnableNetworkIsolation: false } },
        'FAIL',
        'network calls',
      ],
      ['#3 non-compliant: no NetworkConfig (isolation off by default) is FAIL', { NetworkConfig: undefined }, 'FAIL', 'network calls'],
    ],
  );

  describeSharedCases(sagemakerSubject(control, PROCESSING_JOBS, (n, scope) => describedProcessingJob(`processing-${n}`, {}, scope)));
});
