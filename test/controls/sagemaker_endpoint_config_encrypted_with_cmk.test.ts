import { describe } from 'vitest';
import { ENDPOINT_CONFIGS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_endpoint_config_encrypted_with_cmk.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedEndpointConfig, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_endpoint_config_encrypted_with_cmk', () => {
  describeAnswerCases(
    control,
    ENDPOINT_CONFIGS,
    'fraud-scoring-config',
    (overrides) => describedEndpointConfig('fraud-scoring-config', overrides),
    [
      ['#1 compliant: a KmsKeyId is PASS', {}, 'PASS', 'arn:aws:kms:'],
      ['#2 non-compliant: no KmsKeyId is FAIL', { KmsKeyId: undefined }, 'FAIL', 'customer managed'],
    ],
  );

  describeSharedCases(sagemakerSubject(control, ENDPOINT_CONFIGS, (n, scope) => describedEndpointConfig(`config-${n}`, {}, scope)));
});
